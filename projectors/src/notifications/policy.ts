import type { RecordedEvent } from '@engage/event-log';

/** One notification in a recipient's inbox (or a broadcast, whose recipient is `*`). */
export type NotificationDocument = {
  readonly _id: string;
  readonly kind: 'notification' | 'broadcast';
  readonly recipient: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** When it was made, or last brought up again (a grouped notification that grew). */
  readonly createdAt: number;
  readonly readAt: number | null;
};

/** Who is told what about an event: the notification's id (derived from its cause), its
 * recipient, whether it is news worth pushing, and how it changes the notification. */
export interface NotificationSpec {
  readonly id: string;
  readonly recipient: string;
  readonly push: boolean;
  /**
   * It depends on the notification before it (grouped likes), so it is pushed as the inbox holds
   * it; every other notification is wholly made by its cause: `apply(null)` is what the inbox gets.
   */
  readonly grows?: boolean;
  apply(doc: NotificationDocument | null): NotificationDocument | null;
}

/** Everyone: a broadcast's recipient. */
export const everyone = '*';

const excerpt = (text: string): string =>
  [...text].length > 140 ? `${[...text].slice(0, 139).join('')}…` : text;

const fresh = (
  id: string,
  recipient: string,
  type: string,
  data: Record<string, unknown>,
  at: number,
): NotificationDocument => ({
  _id: id,
  kind: 'notification',
  recipient,
  type,
  data,
  createdAt: at,
  readAt: null,
});

/** A notification made once by its cause: replaying the cause leaves it as it is. */
const once = (
  id: string,
  recipient: string,
  type: string,
  data: Record<string, unknown>,
  at: number,
  push = true,
): NotificationSpec => ({
  id,
  recipient,
  push,
  apply: (doc) => doc ?? fresh(id, recipient, type, data, at),
});

/**
 * The notification policy: which domain events notify whom. Pure, so the inbox projection and
 * every pusher instance agree, and a replay makes the same notifications under the same ids.
 */
export function notificationsOf(event: RecordedEvent): NotificationSpec[] {
  switch (event.type) {
    case 'KudosGiven': {
      const { kudosId, from, to, kindId, reason, givenAt } = event.data;
      return [
        once(`kudos:${kudosId}`, to, 'kudos-received', { kudosId, from, kind: kindId, reason }, givenAt),
      ];
    }
    case 'KudosRevoked': {
      const { kudosId, from, to, reason, revokedAt } = event.data;
      return [once(`kudos-revoked:${kudosId}`, from, 'kudos-revoked', { kudosId, to, reason }, revokedAt)];
    }
    case 'CommentPosted': {
      const { postId, commentId, authorId, text, postedAt, postAuthorId } = event.data;
      if (postAuthorId === null || postAuthorId === authorId) return [];
      return [
        once(
          `comment:${commentId}`,
          postAuthorId,
          'comment',
          { postId, commentId, authorId, text: excerpt(text) },
          postedAt,
        ),
      ];
    }
    case 'PostLiked': {
      // Likes on one post make one notification that grows: fifty likes, one notification.
      const { postId, userId, likedAt, postAuthorId } = event.data;
      if (postAuthorId === null || postAuthorId === userId) return [];
      const id = `likes:${postId}`;
      return [
        {
          id,
          recipient: postAuthorId,
          push: true,
          grows: true,
          apply: (doc) => {
            const count = Number(doc?.data['count'] ?? 0) + 1;
            return { ...fresh(id, postAuthorId, 'likes', { postId, count, lastLikerId: userId }, likedAt) };
          },
        },
      ];
    }
    case 'PostUnliked': {
      const { postId, userId } = event.data;
      const id = `likes:${postId}`;
      return [
        {
          id,
          // Known from the notification itself: the post's author.
          recipient: '',
          push: false,
          grows: true,
          apply: (doc) => {
            if (doc === null || doc.recipient === userId) return doc;
            const count = Number(doc.data['count'] ?? 0) - 1;
            return count <= 0 ? null : { ...doc, data: { ...doc.data, count } };
          },
        },
      ];
    }
    case 'PostCreated':
    case 'PostEdited': {
      const { postId, text, mentions } = event.data;
      const author = event.type === 'PostCreated' ? event.data.authorId : event.data.editedBy;
      const at = event.type === 'PostCreated' ? event.data.createdAt : event.data.editedAt;
      return mentions
        .filter((userId) => userId !== author)
        .map((userId) =>
          once(
            `mention:${postId}:${userId}`,
            userId,
            'mention',
            { postId, by: author, text: excerpt(text) },
            at,
            event.type === 'PostCreated',
          ),
        );
    }
    case 'InitiativeJoinRequested': {
      const { initiativeId, userId, requestedAt, ownerId } = event.data;
      if (ownerId === null) return [];
      const id = `join-request:${initiativeId}:${userId}`;
      // Asking again after a refusal brings the request up again.
      return [
        {
          id,
          recipient: ownerId,
          push: true,
          apply: () => fresh(id, ownerId, 'join-requested', { initiativeId, userId }, requestedAt),
        },
      ];
    }
    case 'InitiativeMemberJoined': {
      const { initiativeId, userId, approvedBy, joinedAt, ownerId } = event.data;
      const specs: NotificationSpec[] = [];
      if (ownerId !== null && ownerId !== userId)
        specs.push(
          once(
            `joined:${initiativeId}:${userId}:${event.metadata.eventId}`,
            ownerId,
            'initiative-joined',
            { initiativeId, userId },
            joinedAt,
          ),
        );
      if (approvedBy !== null) {
        const id = `join-answer:${initiativeId}:${userId}`;
        specs.push({
          id,
          recipient: userId,
          push: true,
          apply: () => fresh(id, userId, 'join-approved', { initiativeId, by: approvedBy }, joinedAt),
        });
      }
      return specs;
    }
    case 'InitiativeJoinRequestDeclined': {
      const { initiativeId, userId, declinedBy, declinedAt } = event.data;
      if (declinedBy === userId) return []; // withdrawn by the asker
      const id = `join-answer:${initiativeId}:${userId}`;
      return [
        {
          id,
          recipient: userId,
          push: true,
          apply: () => fresh(id, userId, 'join-declined', { initiativeId, by: declinedBy }, declinedAt),
        },
      ];
    }
    case 'RoleAssigned':
    case 'RoleRevoked': {
      const { userId, role } = event.data;
      const assigned = event.type === 'RoleAssigned';
      const by = assigned ? event.data.assignedBy : event.data.revokedBy;
      const at = assigned ? event.data.assignedAt : event.data.revokedAt;
      return [
        once(
          `roles:${userId}:${event.metadata.eventId}`,
          userId,
          'roles-changed',
          { role, assigned, by },
          at,
        ),
      ];
    }
    case 'BroadcastSent': {
      const { broadcastId, title, message, sentBy, sentAt } = event.data;
      return [
        {
          id: broadcastId,
          recipient: everyone,
          push: true,
          apply: (doc) =>
            doc ?? {
              _id: broadcastId,
              kind: 'broadcast',
              recipient: everyone,
              type: 'broadcast',
              data: { title, message, sentBy },
              createdAt: sentAt,
              readAt: null,
            },
        },
      ];
    }
    default:
      return [];
  }
}
