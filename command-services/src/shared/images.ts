import type { ImageRef } from '@engage/schemas';
import type { ReadModels } from '../read-models.ts';
import { DomainError, type DomainErrorCode } from '../runtime/decider.ts';

/** Where an uploaded file may be used: the purpose it was uploaded for (see the file service). */
export type FilePurpose = 'avatar' | 'cover' | 'post';

/**
 * A file the aggregate may show (an avatar, a cover, a post image) was deleted: it stops showing
 * it. Sent by the file-deletions policy, never by a client; nothing happens when it shows no such file.
 */
export interface ForgetDeletedFile {
  readonly type: 'ForgetDeletedFile';
  readonly data: { readonly fileId: string };
}

const refuse = (code: DomainErrorCode, message: string, field: string): DomainError =>
  new DomainError(code, message, { field });

interface ImageRequest {
  readonly field: string;
  readonly fileId: string;
  readonly owner: string;
  readonly purpose: FilePurpose;
}

/**
 * The file `fileId` as an image for `field`: it must exist, belong to `owner` and have been
 * uploaded for `purpose`; otherwise 400 naming the field. The files read model is first brought
 * up to the log as it stands (bounded): a file deleted moments ago is still in a lagging read model
 * and would be accepted, while one uploaded moments ago would be refused (ReadModels.settle would
 * retry that one, but nothing retries an acceptance).
 */
export async function imageFor(readModels: ReadModels, request: ImageRequest): Promise<ImageRef> {
  await readModels.caughtUp(['files']);
  return checkedImage(readModels, request);
}

async function checkedImage(readModels: ReadModels, request: ImageRequest): Promise<ImageRef> {
  const { field, fileId, owner, purpose } = request;
  const file = await readModels.file(fileId);
  if (file === null) throw refuse('UNKNOWN_FILE', `${field}: there is no file ${fileId}`, field);
  if (file.owner !== owner)
    throw refuse('NOT_YOUR_FILE', `${field}: file ${fileId} was uploaded by someone else`, field);
  if (file.purpose !== purpose)
    throw refuse(
      'WRONG_FILE_PURPOSE',
      `${field}: file ${fileId} was uploaded as ${file.purpose === 'post' ? 'a post image' : `a ${file.purpose}`}, not as ${purpose === 'post' ? 'a post image' : `a ${purpose}`}`,
      field,
    );
  return {
    fileId,
    variants: file.variants.map(({ name, url, width, height }) => ({ name, url, width, height })),
  };
}

/** The image an event names: the variants it carries, or (events written before they carried them) the bare id. */
export const imageRefOf = (fileId: string | null, image: ImageRef | null): ImageRef | null =>
  image ?? (fileId === null ? null : { fileId, variants: [] });

/** Several files as images for `field` (post images), each checked as `imageFor` does, in order. */
export async function imagesFor(
  readModels: ReadModels,
  request: {
    readonly field: string;
    readonly fileIds: readonly string[];
    readonly owner: string;
    readonly purpose: FilePurpose;
    /** Images already in place (a post being edited): kept without asking whose they are. */
    readonly kept?: readonly ImageRef[];
  },
): Promise<ImageRef[]> {
  const kept = new Map((request.kept ?? []).map((image) => [image.fileId, image]));
  const fresh = request.fileIds.filter((fileId) => !kept.has(fileId));
  if (fresh.length > 0) await readModels.caughtUp(['files']);
  return Promise.all(
    [...new Set(request.fileIds)].map(
      async (fileId) => kept.get(fileId) ?? checkedImage(readModels, { ...request, fileId }),
    ),
  );
}
