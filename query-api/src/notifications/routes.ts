import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { everyone, readsId } from '@engage/projectors';
import { afterCursor, encodeCursor, type Doc, type ReadSide } from '../read/read-models.ts';
import { Nullable } from '@engage/auth';
import { Instant, listQuery, readErrors } from '../read/schemas.ts';

interface Reads {
  readAllUpTo: number;
  readBroadcasts: string[];
}

/** A notification as clients see it, over HTTP and the websocket alike. */
export const Notification = Type.Object(
  {
    id: Type.String(),
    type: Type.String({ description: 'KudosReceived, PostLiked, Broadcast, ...' }),
    data: Type.Object({}, { additionalProperties: true, description: 'what the type says happened' }),
    createdAt: Instant,
    read: Type.Boolean(),
    cursor: Type.String({ description: 'for ?after= on reconnect' }),
  },
  { additionalProperties: false },
);

const Inbox = Type.Object(
  {
    items: Type.Array(Notification),
    next: Nullable(Type.String()),
    unreadCount: Type.Integer(),
  },
  { additionalProperties: false },
);

/** A notification as clients see it, over HTTP and the websocket alike. */
export function notificationView(doc: Doc, reads: Reads): Static<typeof Notification> {
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

/** The inbox: newest first, unread count, and `after` for what a reconnecting client missed. */
export async function notificationRoutes(
  base: FastifyInstance,
  options: { readSide: ReadSide },
): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { readSide } = options;
  app.get(
    '/notifications',
    {
      config: { permission: 'notifications:read' },
      schema: {
        querystring: listQuery({
          after: Type.Optional(Type.String({ maxLength: 500, description: 'only newer than this cursor' })),
          unread: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Inbox, ...readErrors },
      },
    },
    async (request) => {
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
