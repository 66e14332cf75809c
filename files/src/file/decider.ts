import type { FileVariant } from '@engage/schemas';
import { DomainError, type Decider } from '@engage/command-services';
import type { DomainEvent } from '@engage/event-log';
import type { Purpose } from '../processing/variants.ts';

/** Records an upload whose variants are already stored. */
export interface UploadFile {
  readonly type: 'UploadFile';
  readonly purpose: Purpose;
  readonly contentType: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  readonly sha256: string;
  readonly variants: readonly FileVariant[];
}

/** Removes a file; `moderates` lists the purposes whose files the sender may remove for anyone. */
export interface DeleteFile {
  readonly type: 'DeleteFile';
  readonly moderates: readonly string[];
}

export type FileCommand = UploadFile | DeleteFile;

export type FileState =
  | { readonly status: 'none' }
  | { readonly status: 'uploaded' | 'deleted'; readonly ownerId: string; readonly purpose: string };

const notFound = (): DomainError => new DomainError('FILE_NOT_FOUND', 'no such file');

/** A file's life: uploaded once by its owner, deleted once by its owner or a moderator. */
export const fileDecider: Decider<FileCommand, FileState> = {
  initialState: { status: 'none' },
  decide(command, state, { aggregateId, now, actor }) {
    switch (command.type) {
      case 'UploadFile': {
        if (state.status !== 'none') throw new DomainError('FILE_EXISTS', `file ${aggregateId} exists`);
        if (actor === null) throw new DomainError('UNAUTHENTICATED', 'an upload has an owner');
        const { type: _type, ...data } = command;
        return [
          {
            type: 'FileUploaded',
            data: {
              fileId: aggregateId,
              ownerId: actor,
              uploadedAt: now,
              ...data,
              variants: [...data.variants],
            },
          },
        ];
      }
      case 'DeleteFile': {
        if (state.status !== 'uploaded') throw notFound();
        if (actor !== state.ownerId && !command.moderates.includes(state.purpose)) {
          throw new DomainError('FORBIDDEN', 'only its owner or a moderator may delete a file');
        }
        return [
          { type: 'FileDeleted', data: { fileId: aggregateId, deletedBy: actor ?? '', deletedAt: now } },
        ];
      }
    }
  },
  evolve(state, event: DomainEvent) {
    switch (event.type) {
      case 'FileUploaded':
        return { status: 'uploaded', ownerId: event.data.ownerId, purpose: event.data.purpose };
      case 'FileDeleted':
        return state.status === 'none' ? state : { ...state, status: 'deleted' };
      default:
        return state;
    }
  },
};
