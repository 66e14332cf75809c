import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { Providers } from '../src/app/App';
import { signedIn } from '../src/app/session';
import { makeStore, type AppStore } from '../src/app/store';

/** A JWT-shaped token with this subject and permissions (the app reads them; the fake server checks nothing). */
export const tokenFor = (sub: string, permissions: readonly string[] = []) =>
  `x.${btoa(JSON.stringify({ sub, permissions })).replaceAll('=', '')}.y`;

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly search: URLSearchParams;
  readonly headers: Headers;
  readonly body: unknown;
}

type Handler = (call: RecordedCall) => { status?: number; body?: unknown } | undefined;

/**
 * A fake API behind `fetch`: each call goes to the first handler that answers it; every call is
 * recorded so a test can check what the app sent (Idempotency-Key, consistentWith, the body).
 */
export function fakeApi(handlers: Handler[]) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const call: RecordedCall = {
      method: request.method,
      path: url.pathname,
      search: url.searchParams,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    calls.push(call);
    for (const handler of handlers) {
      const answer = handler(call);
      if (answer !== undefined)
        return new Response(JSON.stringify(answer.body ?? null), {
          status: answer.status ?? 200,
          headers: { 'content-type': 'application/json' },
        });
    }
    return new Response(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'no fake' }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls };
}

/** Renders a tree with the app's store (signed in as `userId` unless null) and a router at `path` (matched by `route`: its params reach the page). */
export function renderApp(
  ui: ReactNode,
  options: { userId?: string | null; path?: string; route?: string; permissions?: readonly string[] } = {},
): { store: AppStore; router: ReturnType<typeof createMemoryRouter>; unmount: () => void } {
  const store = makeStore();
  const userId = options.userId === undefined ? 'me-1' : options.userId;
  if (userId !== null)
    store.dispatch(
      signedIn({
        answer: { access_token: tokenFor(userId, options.permissions), expires_in: 900 },
        now: Date.now(),
      }),
    );
  const router = createMemoryRouter([{ path: options.route ?? '*', element: ui }], {
    initialEntries: [options.path ?? '/'],
  });
  const view = render(
    <Providers store={store}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { store, router, unmount: view.unmount };
}
