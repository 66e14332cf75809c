import type { RecordedEvent } from '@engage/event-log';
import type { ImageRef, ImageVariant } from '@engage/schemas';
import type { Projection, ReadModel } from '../runtime/projection.ts';

/** An uploaded file as commands check it: whose it is, what it is for, and its variants' URLs. */
export interface FileDocument extends ReadModel {
  readonly _id: string;
  readonly owner: string;
  /** avatar, cover or post: where the file may be used. */
  readonly purpose: string;
  readonly variants: readonly ImageVariant[];
  readonly uploadedAt: number;
}

/** An image as read models show it: the file's id and each variant by name. */
export interface ImageView {
  readonly id: string;
  readonly variants: Readonly<
    Record<string, { readonly url: string; readonly width: number; readonly height: number }>
  >;
}

/** Where the gateway serves a file's variant (the file service's GET /files/{id}/{variant}). */
export const variantUrl = (fileId: string, variant: string): string =>
  `/files/${encodeURIComponent(fileId)}/${encodeURIComponent(variant)}`;

/** The image an event names, as read models keep it. */
export function imageViewOf(ref: ImageRef): ImageView {
  return {
    id: ref.fileId,
    variants: Object.fromEntries(
      ref.variants.map(({ name, url, width, height }) => [name, { url, width, height }]),
    ),
  };
}

/**
 * Images named by an event: the variants it carries, or (events written before they carried
 * them) the bare ids, with no variants.
 */
export function imageViewsOf(ids: readonly string[], refs: readonly ImageRef[] | undefined): ImageView[] {
  const known = new Map((refs ?? []).map((ref) => [ref.fileId, imageViewOf(ref)]));
  return ids.map((id) => known.get(id) ?? { id, variants: {} });
}

/** One image an event names (an avatar, a cover), or none. */
export const imageViewOrNull = (id: string | null, ref: ImageRef | null | undefined): ImageView | null =>
  id === null ? null : (imageViewsOf([id], ref ? [ref] : [])[0] ?? null);

export const filesProjection: Projection<FileDocument> = {
  name: 'files',
  version: 1,
  topics: ['files'],

  documentIds(event: RecordedEvent): readonly string[] {
    return event.type === 'FileUploaded' || event.type === 'FileDeleted' ? [event.data.fileId] : [];
  },

  evolve(doc, event, id): FileDocument | null {
    switch (event.type) {
      case 'FileUploaded': {
        const { ownerId, purpose, variants, uploadedAt } = event.data;
        return {
          _id: id,
          owner: ownerId,
          purpose,
          variants: variants.map(({ name, width, height }) => ({
            name,
            url: variantUrl(id, name),
            width,
            height,
          })),
          uploadedAt,
        };
      }
      case 'FileDeleted':
        return null;
      default:
        return doc;
    }
  },
};
