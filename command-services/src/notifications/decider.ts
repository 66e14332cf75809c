import type { DomainEvent } from '@engage/event-log';
import { DomainError, type Decider } from '../runtime/decider.ts';
import { requireActor, requireText } from '../shared/text.ts';

/**
 * The notifications topic holds two kinds of aggregate: a recipient's read marks (its id is the
 * recipient's user id) and broadcasts (ids starting `broadcast-`). Notifications themselves are
 * made by the inbox projection from other facts, so they are never appended twice.
 */
export type NotificationCommand =
  | { readonly type: 'MarkRead'; readonly data: { readonly notificationId: string } }
  | { readonly type: 'MarkAllRead'; readonly data: Record<string, never> }
  | { readonly type: 'SendBroadcast'; readonly data: { readonly title: string; readonly message: string } };

export interface NotificationState {
  readonly read: ReadonlySet<string>;
  readonly broadcastSent: boolean;
}

export const broadcastIdPrefix = 'broadcast-';

export const notificationDecider: Decider<NotificationCommand, NotificationState> = {
  initialState: { read: new Set(), broadcastSent: false },

  decide(command, state, context): DomainEvent[] {
    const actor = requireActor(context.actor);
    const id = context.aggregateId;
    switch (command.type) {
      case 'MarkRead':
        if (id !== actor) throw new DomainError('FORBIDDEN', 'you mark your own notifications only');
        if (state.read.has(command.data.notificationId)) return [];
        return [
          {
            type: 'NotificationRead',
            data: { notificationId: command.data.notificationId, recipientId: id, readAt: context.now },
          },
        ];
      case 'MarkAllRead':
        if (id !== actor) throw new DomainError('FORBIDDEN', 'you mark your own notifications only');
        return [
          { type: 'AllNotificationsRead', data: { recipientId: id, upTo: context.now, readAt: context.now } },
        ];
      case 'SendBroadcast':
        if (!id.startsWith(broadcastIdPrefix))
          throw new DomainError('INVALID_ID', `a broadcast id starts ${broadcastIdPrefix}`);
        if (state.broadcastSent) throw new DomainError('ALREADY_EXISTS', 'that broadcast was sent');
        requireText('title', command.data.title, 1, 100);
        requireText('message', command.data.message, 1, 2000);
        return [
          {
            type: 'BroadcastSent',
            data: {
              broadcastId: id,
              title: command.data.title.trim(),
              message: command.data.message,
              sentBy: actor,
              sentAt: context.now,
            },
          },
        ];
    }
  },

  evolve(state, event): NotificationState {
    switch (event.type) {
      case 'NotificationRead':
        return { ...state, read: new Set([...state.read, event.data.notificationId]) };
      case 'BroadcastSent':
        return { ...state, broadcastSent: true };
      default:
        return state;
    }
  },
};
