import type { AppNotification } from '../../api/types';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What a notification is about, as a sentence (names filled in by the caller), and where it leads. */
export function describe(notification: AppNotification): {
  actor: string | null;
  sentence: string;
  to: string;
} {
  const data = notification.data;
  switch (notification.type) {
    case 'kudos-received':
      return {
        actor: text(data['from']),
        sentence: `gave you kudos: “${text(data['reason'])}”`,
        to: `/people/${text(data['from'])}`,
      };
    case 'kudos-revoked':
      return { actor: null, sentence: `Kudos you gave were revoked: ${text(data['reason'])}`, to: '/' };
    case 'comment':
      return {
        actor: text(data['authorId']),
        sentence: 'commented on your post',
        to: `/?post=${text(data['postId'])}`,
      };
    case 'likes': {
      const count = Number(data['count'] ?? 1);
      return {
        actor: text(data['lastLikerId']),
        sentence: count > 1 ? `and ${count - 1} more liked your post` : 'liked your post',
        to: `/?post=${text(data['postId'])}`,
      };
    }
    case 'mention':
      return {
        actor: text(data['by']),
        sentence: 'mentioned you in a post',
        to: `/?post=${text(data['postId'])}`,
      };
    case 'join-requested':
      return {
        actor: text(data['userId']),
        sentence: 'asked to join your initiative',
        to: `/initiatives/${text(data['initiativeId'])}`,
      };
    case 'initiative-joined':
      return {
        actor: text(data['userId']),
        sentence: 'joined your initiative',
        to: `/initiatives/${text(data['initiativeId'])}`,
      };
    case 'join-approved':
      return {
        actor: null,
        sentence: 'Your request to join an initiative was approved',
        to: `/initiatives/${text(data['initiativeId'])}`,
      };
    case 'join-declined':
      return {
        actor: null,
        sentence: 'Your request to join an initiative was declined',
        to: `/initiatives/${text(data['initiativeId'])}`,
      };
    case 'roles-changed':
      return { actor: null, sentence: 'Your roles changed', to: '/' };
    case 'broadcast':
      return {
        actor: null,
        sentence: `${text(data['title'])}: ${text(data['message'])}`,
        to: '/notifications',
      };
    default:
      return { actor: null, sentence: 'Something happened that concerns you', to: '/notifications' };
  }
}
