import type { RecordedEvent } from '@engage/event-log';
import type { Projection, ReadModel } from '../runtime/projection.ts';
import { notificationsOf, type NotificationDocument } from './policy.ts';

/** What one recipient has read beyond single notifications: everything up to an instant, and broadcasts. */
export type ReadsDocument = {
  readonly _id: string;
  readonly kind: 'reads';
  readonly recipient: string;
  readonly readAllUpTo: number;
  readonly readBroadcasts: readonly string[];
};

export type InboxDocument = ReadModel & (NotificationDocument | ReadsDocument);

export const readsId = (recipient: string): string => `reads:${recipient}`;
export const isBroadcastId = (id: string): boolean => id.startsWith('broadcast-');

const emptyReads = (recipient: string): ReadsDocument => ({
  _id: readsId(recipient),
  kind: 'reads',
  recipient,
  readAllUpTo: 0,
  readBroadcasts: [],
});

/** Every person's inbox: the notifications the policy makes, broadcasts, and what was read. */
export const inboxProjection: Projection<InboxDocument> = {
  name: 'notifications',
  version: 1,
  topics: ['users', 'kudos', 'posts', 'initiatives', 'notifications'],
  indexes: [{ key: { recipient: 1, createdAt: -1 } }, { key: { kind: 1, recipient: 1 } }],

  documentIds(event: RecordedEvent): readonly string[] {
    if (event.type === 'NotificationRead') {
      const { notificationId, recipientId } = event.data;
      return [isBroadcastId(notificationId) ? readsId(recipientId) : notificationId];
    }
    if (event.type === 'AllNotificationsRead') return [readsId(event.data.recipientId)];
    return notificationsOf(event).map((spec) => spec.id);
  },

  evolve(doc, event, id): InboxDocument | null {
    if (
      event.type === 'AllNotificationsRead' ||
      (event.type === 'NotificationRead' && isBroadcastId(event.data.notificationId))
    ) {
      const reads = doc?.kind === 'reads' ? doc : emptyReads(event.data.recipientId);
      if (event.type === 'AllNotificationsRead')
        return { ...reads, readAllUpTo: Math.max(reads.readAllUpTo, event.data.upTo) };
      const broadcast = event.data.notificationId;
      return reads.readBroadcasts.includes(broadcast)
        ? reads
        : { ...reads, readBroadcasts: [...reads.readBroadcasts, broadcast] };
    }
    if (event.type === 'NotificationRead') {
      if (doc === null || doc.kind !== 'notification' || doc.recipient !== event.data.recipientId) return doc;
      return doc.readAt === null ? { ...doc, readAt: event.data.readAt } : doc;
    }
    const spec = notificationsOf(event).find((each) => each.id === id);
    if (spec === undefined || doc?.kind === 'reads') return doc;
    return spec.apply(doc);
  },
};
