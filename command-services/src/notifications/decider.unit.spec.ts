import { describe, it } from '@jest/globals';
import { given } from '../runtime/given-when-then.ts';
import { notificationDecider } from './decider.ts';

const now = Date.UTC(2026, 10, 25, 9, 0);
const as = (aggregateId: string, actor: string) => ({ aggregateId, actor, now });

describe('notification read marks and broadcasts', () => {
  it('marks one notification read once, and only in your own inbox', () => {
    const read = { type: 'MarkRead', data: { notificationId: 'kudos:k1' } } as const;
    const marked = {
      type: 'NotificationRead',
      data: { notificationId: 'kudos:k1', recipientId: 'bob', readAt: now },
    } as const;
    given(notificationDecider).when(read, as('bob', 'bob')).then([marked]);
    given(notificationDecider, [marked]).when(read, as('bob', 'bob')).then([]);
    given(notificationDecider).when(read, as('bob', 'ann')).thenRejects('FORBIDDEN');
  });

  it('marks everything up to now read', () => {
    given(notificationDecider)
      .when({ type: 'MarkAllRead', data: {} }, as('bob', 'bob'))
      .then([{ type: 'AllNotificationsRead', data: { recipientId: 'bob', upTo: now, readAt: now } }]);
    given(notificationDecider)
      .when({ type: 'MarkAllRead', data: {} }, as('bob', 'ann'))
      .thenRejects('FORBIDDEN');
  });

  it('sends a broadcast once, with a title and a message', () => {
    const send = (title: string, message = 'Office closed Friday') =>
      ({ type: 'SendBroadcast', data: { title, message } }) as const;
    const sent = {
      type: 'BroadcastSent',
      data: {
        broadcastId: 'broadcast-1',
        title: 'Heads up',
        message: 'Office closed Friday',
        sentBy: 'admin',
        sentAt: now,
      },
    } as const;
    given(notificationDecider).when(send(' Heads up '), as('broadcast-1', 'admin')).then([sent]);
    given(notificationDecider, [sent])
      .when(send('Again'), as('broadcast-1', 'admin'))
      .thenRejects('ALREADY_EXISTS');
    given(notificationDecider).when(send(''), as('broadcast-2', 'admin')).thenRejects('INVALID_TITLE');
    given(notificationDecider).when(send('x', ''), as('broadcast-2', 'admin')).thenRejects('INVALID_MESSAGE');
  });
});
