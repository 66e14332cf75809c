import type { FastifyInstance, FastifyRequest } from 'fastify';
import { everyone, readsId } from '@engage/projectors';
import { afterCursor, encodeCursor, type Doc, type ReadSide } from '../read/read-models.ts';

interface Reads {
  readAllUpTo: number;
  readBroadcasts: string[];
}

/** A notification as clients see it, over HTTP and the websocket alike. */
export function notificationView(doc: Doc, reads: Reads) {
  const createdAt = doc['createdAt'] as number;
  const read =
    createdAt <= reads.readAllUpTo ||
    (doc['kind'] === 'broadcast' ? reads.readBroadcasts.includes(doc._id) : doc['readAt'] != null);
  return {
    id: doc._id,
    type: doc['type'] as string,
    data: doc['data'] as Record<string, unknown>,
    createdAt: new Date(createdAt).toISOString(),
    read,
    cursor: encodeCursor(createdAt, doc._id),
  };
}

/** What one recipient has read in bulk (read-all) and of the broadcasts. */
export async function readsOf(readSide: ReadSide, recipient: string): Promise<Reads> {
  const doc = await (await readSide.collection('notifications')).findOne({ _id: readsId(recipient) });
  return {
    readAllUpTo: (doc?.['readAllUpTo'] as number | undefined) ?? 0,
    readBroadcasts: (doc?.['readBroadcasts'] as string[] | undefined) ?? [],
  };
}

/** The filter for a recipient's unread notifications and broadcasts. */
function unreadFilter(recipient: string, reads: Reads): Record<string, unknown> {
  return {
    createdAt: { $gt: reads.readAllUpTo },
    $or: [
      { kind: 'notification', recipient, readAt: null },
      { kind: 'broadcast', recipient: everyone, _id: { $nin: reads.readBroadcasts } },
    ],
  };
}

interface InboxQuery {
  limit: number;
  cursor?: string;
  after?: string;
  unread?: boolean;
  consistentWith?: string;
}

/** The inbox: newest first, unread count, and `after` for what a reconnecting client missed. */
export async function notificationRoutes(
  app: FastifyInstance,
  options: { readSide: ReadSide },
): Promise<void> {
  const { readSide } = options;
  app.get<{ Querystring: InboxQuery }>(
    '/notifications',
    {
      config: { permission: 'notifications:read' },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            cursor: { type: 'string', maxLength: 500 },
            after: { type: 'string', maxLength: 500, description: 'only newer than this cursor' },
            unread: { type: 'boolean' },
            consistentWith: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (request: FastifyRequest<{ Querystring: InboxQuery }>) => {
      const { limit, cursor, after, unread, consistentWith } = request.query;
      await readSide.consistentWith(
        'notifications',
        ['users', 'kudos', 'posts', 'initiatives', 'notifications'],
        consistentWith,
      );
      const me = request.principal?.sub ?? '';
      const reads = await readsOf(readSide, me);
      const mine = { kind: { $in: ['notification', 'broadcast'] }, recipient: { $in: [me, everyone] } };
      const filters: Array<Record<string, unknown>> = [mine];
      if (unread === true) filters.push(unreadFilter(me, reads));
      // Newer than `after` is the page "after" it in oldest-first order.
      if (after !== undefined) filters.push(afterCursor('createdAt', after, 'oldest'));
      const filter = filters.length === 1 ? mine : { $and: filters };
      const [{ items, next }, unreadCount] = await Promise.all([
        readSide.page('notifications', filter, 'createdAt', limit, cursor),
        (await readSide.collection('notifications')).countDocuments({
          $and: [mine, unreadFilter(me, reads)],
        }),
      ]);
      return { items: items.map((doc) => notificationView(doc, reads)), next, unreadCount };
    },
  );
}
