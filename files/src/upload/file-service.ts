import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Readable } from 'node:stream';
import type { AccessClaims } from '@engage/auth';
import type { CommandAnswer, CommandBus } from '@engage/command-services';
import type { FileCommand, FileState } from '../file/decider.ts';
import { processImage, type Crop } from '../processing/process.ts';
import { FileRefused } from '../processing/refusal.ts';
import { purposes, type Purpose } from '../processing/variants.ts';
import type { FileStorage, StoredObject } from '../storage/storage.ts';

/** The permission an upload of each purpose needs: the one for the thing it will illustrate. */
export const uploadPermission: Readonly<Record<Purpose, string>> = {
  avatar: 'profile:edit-own',
  cover: 'initiatives:write',
  post: 'posts:write',
};

/** Who may remove anyone's file of each purpose (the owner always may). */
export const moderatorPermission: Readonly<Record<Purpose, string>> = {
  avatar: 'profile:edit-any',
  cover: 'initiatives:moderate',
  post: 'posts:moderate',
};

/** An upload as both entry points (Fastify and Lambda) hand it over, fields already checked. */
export interface UploadInput {
  readonly bytes: Buffer;
  readonly purpose: Purpose;
  readonly crop?: Crop | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly correlationId?: string | undefined;
}

export interface VariantAnswer {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

/** What `POST /files` answers. */
export interface UploadAnswer {
  readonly id: string;
  readonly variants: Record<string, VariantAnswer>;
  readonly position: string | null;
}

export interface FileServiceOptions {
  readonly storage: FileStorage;
  readonly bus: CommandBus<FileCommand, FileState>;
  /** Where the variants are served, in front of `/{id}/{variant}` (default `/files`). */
  readonly urlBase?: string;
  readonly now?: () => number;
  /** How many uploads are read and processed at once (default: one per CPU); the rest wait their turn. */
  readonly concurrency?: number | undefined;
}

const keyOf = (id: string, variant: string): string => `${id}/${variant}`;

/**
 * A file's id. With an Idempotency-Key it is derived from the caller, the key and the request, so
 * a retried upload lands on the same file and gets the first answer back, and a different upload
 * that reuses the key never overwrites the first one's bytes.
 */
function fileIdOf(caller: AccessClaims, input: UploadInput, sha256: string): string {
  if (input.idempotencyKey === undefined) return randomUUID();
  const hex = createHash('sha256')
    .update(
      [caller.sub, input.idempotencyKey, input.purpose, JSON.stringify(input.crop ?? null), sha256].join(
        '\0',
      ),
    )
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Upload, serve and delete: the one code path behind the Fastify routes and the Lambda handler. */
export class FileService {
  private readonly options: FileServiceOptions;
  private readonly slots: LimitFunction;

  constructor(options: FileServiceOptions) {
    this.options = options;
    this.slots = pLimit(Math.max(1, options.concurrency ?? availableParallelism()));
  }

  /**
   * Runs an upload's work (reading its body, then `upload`) once a processing slot is free. An
   * upload waiting here has not been read yet: its bytes stay in the client's socket, so memory
   * is bounded by the slots (each at most 10 MB in and one decode), however many arrive at once.
   */
  admit<T>(work: () => Promise<T>): Promise<T> {
    return this.slots(work);
  }

  private get urlBase(): string {
    return this.options.urlBase ?? '/files';
  }

  /** Checks, processes and stores an upload, then records `FileUploaded`. Nothing stays stored for a refused one. */
  async upload(caller: AccessClaims, input: UploadInput): Promise<UploadAnswer> {
    const permission = uploadPermission[input.purpose];
    if (!caller.permissions.includes(permission)) {
      throw new FileRefused(
        403,
        'FORBIDDEN',
        `uploading a ${input.purpose} image needs the ${permission} permission`,
      );
    }
    const image = await processImage(input.bytes, input.purpose, input.crop);
    const id = fileIdOf(caller, input, image.original.sha256);
    const { storage, bus } = this.options;
    let answer: CommandAnswer;
    try {
      const stored: StoredObject[] = [];
      for (const variant of image.variants)
        stored.push(await storage.put(keyOf(id, variant.name), variant.data, variant.contentType));
      answer = await bus.handle({
        aggregateId: id,
        command: {
          type: 'UploadFile',
          purpose: input.purpose,
          contentType: image.original.contentType,
          bytes: image.original.bytes,
          width: image.original.width,
          height: image.original.height,
          sha256: image.original.sha256,
          variants: image.variants.map((variant, index) => ({
            name: variant.name,
            contentType: variant.contentType,
            width: variant.width,
            height: variant.height,
            bytes: variant.data.length,
            storageKey: stored[index]?.key ?? keyOf(id, variant.name),
          })),
        },
        idempotencyKey: input.idempotencyKey,
        actor: caller.sub,
        correlationId: input.correlationId ?? randomUUID(),
        now: this.options.now?.() ?? Date.now(),
      });
    } catch (error) {
      await storage.removeAll(`${id}/`).catch(() => undefined);
      throw error;
    }
    // A retry of an upload that was deleted since: its first answer, and no bytes revived.
    if (answer.version > 1) await storage.removeAll(`${id}/`);
    return {
      id,
      position: answer.position,
      variants: Object.fromEntries(
        image.variants.map((variant) => [
          variant.name,
          {
            url: `${this.urlBase}/${id}/${variant.name}`,
            width: variant.width,
            height: variant.height,
            bytes: variant.data.length,
          },
        ]),
      ),
    };
  }

  /** Records `FileDeleted` (owner or moderator), then removes the bytes. */
  async remove(
    caller: AccessClaims,
    id: string,
    meta: { idempotencyKey?: string | undefined; correlationId?: string | undefined } = {},
  ): Promise<CommandAnswer> {
    const answer = await this.options.bus.handle({
      aggregateId: id,
      command: {
        type: 'DeleteFile',
        moderates: purposes.filter((purpose) => caller.permissions.includes(moderatorPermission[purpose])),
      },
      idempotencyKey: meta.idempotencyKey,
      actor: caller.sub,
      correlationId: meta.correlationId ?? randomUUID(),
      now: this.options.now?.() ?? Date.now(),
    });
    await this.options.storage.removeAll(`${id}/`);
    return answer;
  }

  /** A stored variant's description, or undefined when there is none (never uploaded, or deleted). */
  stat(id: string, variant: string): Promise<StoredObject | undefined> {
    return this.options.storage.stat(keyOf(id, variant));
  }

  read(id: string, variant: string, range?: { start: number; end: number }): Readable {
    return this.options.storage.read(keyOf(id, variant), range);
  }
}
