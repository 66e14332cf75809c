import type mongoose from 'mongoose';
import type { Position } from '@engage/event-log';
import {
  ActiveCollections,
  projectionKey,
  projections,
  readCheckpoint,
  type LogEndsSource,
} from '@engage/projectors';

/** A read-model document as the query side reads it. */
export type Doc = Record<string, unknown> & { _id: string };

/** The read models as the query side sees them: the active version of each projection. */
export class ReadSide {
  private readonly topicPrefix: string;
  private readonly collections: ActiveCollections;
  private readonly db: mongoose.Connection;

  /** `log`: where the log ends, so a read that misses can wait for its read model (see `settle`). */
  constructor(db: mongoose.Connection, topicPrefix = '', log?: LogEndsSource) {
    this.topicPrefix = topicPrefix;
    this.db = db;
    this.collections = new ActiveCollections(db, { log, topicPrefix, projections });
  }

  /**
   * Never reports missing what was written before the read arrived: when `read` answers 404 after
   * reading read models that had not applied the log as far as it reached, waits (at most
   * `timeoutMs`) until they have and reads once more. A read that finds its document pays nothing.
   */
  settle<T>(read: () => Promise<T>, timeoutMs = 2_000): Promise<T> {
    return this.collections.settle(
      read,
      (error) => (error as { statusCode?: unknown } | null)?.statusCode === 404,
      timeoutMs,
    );
  }

  /** Per `topic:partition`, the next offset the active version of `name` will apply. */
  async applied(name: string): Promise<Record<string, number>> {
    return readCheckpoint(this.db, projectionKey({ name, version: await this.collections.version(name) }));
  }

  /** The active collection of projection `name`, typed by the document the projection writes. */
  async collection<T extends Doc = Doc>(name: string) {
    return this.collections.collection<T>(name);
  }

  /** One page, newest first by `field` (or oldest first), ties by id, after the cursor: `{ items, next }`. */
  async page<T extends Doc = Doc>(
    name: string,
    filter: Record<string, unknown>,
    field: string,
    limit: number,
    cursor: string | undefined,
    order: 'newest' | 'oldest' = 'newest',
  ) {
    const direction = order === 'newest' ? -1 : 1;
    const docs = await (
      await this.collection<T>(name)
    )
      .find({ ...filter, ...afterCursor(field, cursor, order) } as mongoose.mongo.Filter<T>)
      .sort({ [field]: direction, _id: direction })
      .limit(limit + 1)
      .toArray();
    return page(docs as T[], limit, field as keyof T);
  }

  /**
   * Read-your-writes: waits (at most `timeoutMs`) until the projection has applied the position a
   * command answered with. A position of a topic the projection does not read needs no wait.
   */
  consistentWith(
    name: string,
    topics: readonly string[],
    position: string | undefined,
    timeoutMs = 5_000,
  ): Promise<void> {
    const names = topics.map((topic) => `${this.topicPrefix}${topic}`);
    return this.collections.consistentWith(name, names, position, timeoutMs);
  }

  /** Waits (at most `timeoutMs`) until the projection has applied `position`. */
  waitForPosition(name: string, position: Position, timeoutMs: number): Promise<boolean> {
    return this.collections.waitForPosition(name, position, timeoutMs);
  }
}

/** Opaque cursors: the sort value and id of the last item of a page. */
export function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: string | number; id: string } {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if ((typeof value === 'string' || typeof value === 'number') && typeof id === 'string')
      return { value, id };
  } catch {
    // fall through
  }
  throw Object.assign(new Error('cursor is not one this API gave out'), {
    statusCode: 400,
    code: 'INVALID_CURSOR',
  });
}

/** The filter for the page after a cursor, newest (highest `field`) first or oldest first, ties broken by id. */
export function afterCursor(
  field: string,
  cursor: string | undefined,
  order: 'newest' | 'oldest' = 'newest',
): Record<string, unknown> {
  if (cursor === undefined) return {};
  const { value, id } = decodeCursor(cursor);
  const beyond = order === 'newest' ? '$lt' : '$gt';
  return { $or: [{ [field]: { [beyond]: value } }, { [field]: value, _id: { [beyond]: id } }] };
}

/** `{ items, next }` from one page fetched with limit + 1. */
export function page<T extends { _id: unknown }>(
  docs: T[],
  limit: number,
  field: keyof T,
): { items: T[]; next: string | null } {
  const items = docs.slice(0, limit);
  const last = items.at(-1);
  const next =
    docs.length > limit && last !== undefined
      ? encodeCursor(last[field] as string | number, String(last._id))
      : null;
  return { items, next };
}
