import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import { reconnectDelay } from './api';
import { NotificationBell } from './NotificationBell';

/** A websocket the test opens, closes and speaks through. */
class FakeSocket extends EventTarget {
  static made: FakeSocket[] = [];
  readonly url: string;
  constructor(url: string) {
    super();
    this.url = url;
    FakeSocket.made.push(this);
  }
  close() {}
  opened() {
    this.dispatchEvent(new Event('open'));
  }
  lost() {
    this.dispatchEvent(new Event('close'));
  }
  says(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(data) }));
  }
}

const notification = (id: string, cursor: string) => ({
  id,
  type: 'kudos-received',
  data: { from: 'bob-2', reason: 'thanks' },
  createdAt: '2026-12-01T10:00:00.000Z',
  read: false,
  cursor,
});

afterEach(() => {
  FakeSocket.made = [];
  vi.unstubAllGlobals();
});

describe('the bell', () => {
  it('reconnects after losing its socket and fetches what it missed with after=, once each', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const { calls } = fakeApi([
      ({ path, search }) =>
        path === '/notifications' && search.get('after') === 'c-1'
          ? {
              body: {
                items: [notification('n-2', 'c-2'), notification('n-3', 'c-3')],
                next: null,
                unreadCount: 3,
              },
            }
          : undefined,
      ({ path }) =>
        path === '/notifications'
          ? { body: { items: [notification('n-1', 'c-1')], next: null, unreadCount: 1 } }
          : undefined,
    ]);
    renderApp(<NotificationBell />);
    expect(await screen.findByRole('link', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    await waitFor(() => expect(FakeSocket.made).toHaveLength(1));
    const first = FakeSocket.made[0] as FakeSocket;
    expect(first.url).toMatch(/\/notifications\/stream\?access_token=/);
    first.opened();

    // Lost: a new socket after the first backoff step, then the catch-up from the newest it holds.
    first.lost();
    await waitFor(() => expect(FakeSocket.made).toHaveLength(2), { timeout: reconnectDelay(1) + 2000 });
    const second = FakeSocket.made[1] as FakeSocket;
    second.opened();
    expect(await screen.findByRole('link', { name: 'Notifications, 3 unread' })).toBeInTheDocument();
    expect(calls.filter((call) => call.search.get('after') === 'c-1')).toHaveLength(1);

    // A notification pushed on the new socket counts once, even when the catch-up had it.
    second.says(notification('n-3', 'c-3'));
    second.says(notification('n-4', 'c-4'));
    expect(await screen.findByRole('link', { name: 'Notifications, 4 unread' })).toBeInTheDocument();
  });

  it('backs off: 1 s, 2 s, 4 s ... never more than 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(reconnectDelay)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
