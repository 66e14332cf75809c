import { api } from '../../api/base';
import type { AppNotification, CommandAnswer, Inbox } from '../../api/types';

interface SessionLike {
  session: { accessToken: string | null };
}

/** The socket's address on this origin (ws: or wss: as the page). */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/notifications/stream?access_token=${encodeURIComponent(token)}`;
}

/** A pushed notification added to the inbox: newest first, once, and counted unread. */
export function withPushed(inbox: Inbox, pushed: AppNotification): Inbox {
  if (inbox.items.some((item) => item.id === pushed.id)) return inbox;
  return {
    ...inbox,
    items: [pushed, ...inbox.items],
    unreadCount: inbox.unreadCount + (pushed.read ? 0 : 1),
  };
}

/**
 * The inbox after a reconnect, with what was missed while away (`GET /notifications?after=`,
 * oldest first) added once each, newest first, and the server's unread count.
 */
export function withMissed(inbox: Inbox, missed: Inbox): Inbox {
  const known = new Set(inbox.items.map((item) => item.id));
  const added = missed.items.filter((item) => !known.has(item.id)).reverse();
  return { ...inbox, items: [...added, ...inbox.items], unreadCount: missed.unreadCount };
}

/** Waits before reconnect number `attempt` (1, 2, ...): 1 s, 2 s, 4 s ... at most 30 s. */
export const reconnectDelay = (attempt: number): number => Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));

/** When a pushed notification's screens read again: by then its cause is in every read model. */
const settleAfterPushMs = 1_500;

/** The cached reads a pushed notification makes stale (a like changes the feed's counts). */
export function tagsChangedBy(
  type: string,
): Array<'Feed' | 'Me' | 'Budget' | 'Initiative' | 'Initiatives' | 'User' | 'Kudos'> {
  switch (type) {
    case 'kudos-received':
    case 'kudos-revoked':
      return ['Feed', 'Me', 'User', 'Kudos', 'Budget'];
    case 'comment':
    case 'likes':
    case 'mention':
      return ['Feed'];
    case 'join-requested':
    case 'initiative-joined':
    case 'join-approved':
    case 'join-declined':
      return ['Initiative', 'Initiatives'];
    default:
      return [];
  }
}

export const notificationsApi = api.injectEndpoints({
  endpoints: (build) => ({
    inbox: build.query<Inbox, void>({
      query: () => ({ url: '/notifications', params: { limit: 30 } }),
      providesTags: ['Notifications'],
      // Live: one socket per open inbox cache entry; reconnects with backoff and, once back, asks
      // for what was sent while away (`after=` the newest it holds) so nothing is missed.
      async onCacheEntryAdded(
        _arg,
        { cacheDataLoaded, cacheEntryRemoved, updateCachedData, getCacheEntry, getState, dispatch },
      ) {
        let socket: WebSocket | null = null;
        let closed = false;
        let attempt = 0;
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          await cacheDataLoaded;
        } catch {
          return;
        }
        const catchUp = async () => {
          const newest = getCacheEntry().data?.items[0]?.cursor;
          if (newest === undefined) {
            dispatch(api.util.invalidateTags(['Notifications']));
            return;
          }
          const missed = await dispatch(
            notificationsApi.endpoints.missedNotifications.initiate(newest, {
              subscribe: false,
              forceRefetch: true,
            }),
          );
          if (missed.data !== undefined) {
            const found = missed.data;
            updateCachedData((inbox) => withMissed(inbox, found));
            for (const type of new Set(found.items.map((item) => item.type)))
              dispatch(api.util.invalidateTags(tagsChangedBy(type)));
          }
        };
        const connect = () => {
          const token = (getState() as unknown as SessionLike).session.accessToken;
          if (closed || token === null) return;
          socket = new WebSocket(streamUrl(window.location, token));
          socket.addEventListener('open', () => {
            if (attempt > 0) void catchUp();
            attempt = 0;
          });
          socket.addEventListener('message', (event: MessageEvent<string>) => {
            try {
              const pushed = JSON.parse(event.data) as AppNotification;
              updateCachedData((inbox) => withPushed(inbox, pushed));
              // What the notification is about changed: the screens showing it read it again, now
              // and once more a moment later, since a push can arrive before the read model showing
              // its cause has applied it (a read then still answers the older state).
              const changed = tagsChangedBy(pushed.type);
              dispatch(api.util.invalidateTags(changed));
              setTimeout(() => dispatch(api.util.invalidateTags(changed)), settleAfterPushMs);
            } catch {
              // not a notification: ignore
            }
          });
          socket.addEventListener('close', () => {
            if (closed) return;
            attempt += 1;
            timer = setTimeout(connect, reconnectDelay(attempt));
          });
        };
        connect();
        await cacheEntryRemoved;
        closed = true;
        clearTimeout(timer);
        (socket as WebSocket | null)?.close();
      },
    }),
    /** What arrived after `after` (a notification's cursor), oldest first: a reconnect's catch-up. */
    missedNotifications: build.query<Inbox, string>({
      query: (after) => ({ url: '/notifications', params: { after, limit: 100 } }),
    }),
    markRead: build.mutation<CommandAnswer, string>({
      query: (id) => ({ url: `/notifications/${encodeURIComponent(id)}/read`, method: 'POST' }),
      async onQueryStarted(id, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          notificationsApi.util.updateQueryData('inbox', undefined, (inbox) => {
            const item = inbox.items.find((each) => each.id === id);
            if (item && !item.read) {
              (item as { read: boolean }).read = true;
              inbox.unreadCount = Math.max(0, inbox.unreadCount - 1);
            }
          }),
        );
        await queryFulfilled.catch(() => patch.undo());
      },
    }),
    markAllRead: build.mutation<CommandAnswer, void>({
      query: () => ({ url: '/notifications/read-all', method: 'POST' }),
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          notificationsApi.util.updateQueryData('inbox', undefined, (inbox) => {
            for (const item of inbox.items) (item as { read: boolean }).read = true;
            inbox.unreadCount = 0;
          }),
        );
        await queryFulfilled.catch(() => patch.undo());
      },
    }),
  }),
});

export const { useInboxQuery, useMarkReadMutation, useMarkAllReadMutation } = notificationsApi;
