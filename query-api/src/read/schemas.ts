/** What every query route shares: instants as ISO strings, list query strings, id parameters, pages. */
import { errorResponses, Nullable } from '@engage/auth';
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import type { ImageView } from '@engage/projectors';

/** A 404 with code NOT_FOUND, naming what is missing. */
export const notFound = (what: string) =>
  Object.assign(new Error(`no ${what}`), { statusCode: 404, code: 'NOT_FOUND' });

export function iso(instant: number): string;
export function iso(instant: number | null | undefined): string | null;
export function iso(instant: number | null | undefined): string | null {
  return instant == null ? null : new Date(instant).toISOString();
}

/** `?consistentWith=`: wait (bounded) until the read model holds the position a command answered. */
const consistentWith = Type.Optional(Type.String({ maxLength: 200 }));

/** `?consistentWith=` alone: for routes that answer one thing, not a list. */
export const consistencyQuery = Type.Object({ consistentWith }, { additionalProperties: false });

/** `?limit=&cursor=&consistentWith=` and the route's own filters; nothing else is accepted. */
export const listQuery = <Extra extends TProperties = Record<never, never>>(extra: Extra = {} as Extra) =>
  Type.Object(
    {
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
      cursor: Type.Optional(Type.String({ maxLength: 500 })),
      consistentWith,
      ...extra,
    },
    { additionalProperties: false },
  );

export const idParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

/** An instant, as an ISO 8601 string. */
export const Instant = Type.String({ format: 'date-time' });

/** `{ items, next }`: one page, and the cursor of the next (null on the last). */
export const Page = <Item extends TSchema>(item: Item) =>
  Type.Object({ items: Type.Array(item), next: Nullable(Type.String()) }, { additionalProperties: false });

/**
 * The errors every read route can answer: 400 (a malformed query, cursor or position), 401, 403,
 * 500, and 503 when `consistentWith` names a position the read model does not reach in time.
 */
export const readErrors = errorResponses(400, 401, 403, 500, 503);

/** Those and 404, for routes that read one thing by id. */
export const readOneErrors = errorResponses(400, 401, 403, 404, 500, 503);

/** An uploaded image (avatar, cover, post image): its file id and the URL and size of each variant. */
export const Image = Type.Object(
  {
    id: Type.String(),
    variants: Type.Record(
      Type.String(),
      Type.Object(
        { url: Type.String(), width: Type.Integer(), height: Type.Integer() },
        { additionalProperties: false },
      ),
      { description: 'by variant name (avatar: 256, 64; cover: 1280x720, 640x360; post: 1920, 1280, 640)' },
    ),
  },
  { additionalProperties: false },
);

/** An image as read models keep it (documents written before images carried variants hold the bare id). */
export function imageOf(stored: ImageView | string): Static<typeof Image>;
export function imageOf(stored: ImageView | string | null | undefined): Static<typeof Image> | null;
export function imageOf(stored: ImageView | string | null | undefined): Static<typeof Image> | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored === 'string') return { id: stored, variants: {} };
  return { id: stored.id, variants: { ...stored.variants } };
}
