import { describe, expect, it, vi } from 'vitest';
import { makeStore } from '../app/store';
import { signedIn } from '../app/session';
import { tokenFor } from '../../test/render';
import { api } from './base';

const probe = api.injectEndpoints({
  endpoints: (build) => ({
    probeWrite: build.mutation<{ position: string }, { idempotencyKey: string }>({
      query: ({ idempotencyKey }) => ({ url: '/posts', method: 'POST', body: { text: 'x' }, idempotencyKey }),
    }),
  }),
});

describe('the API client', () => {
  it('sends a write again after a network failure with the same Idempotency-Key', async () => {
    const keys: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        keys.push(input.headers.get('idempotency-key') ?? '');
        if (keys.length === 1) throw new TypeError('network down');
        return new Response(JSON.stringify({ id: 'p', version: 1, position: 'posts:0:1' }), {
          status: 201,
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
    const store = makeStore();
    store.dispatch(signedIn({ answer: { access_token: tokenFor('u'), expires_in: 900 }, now: Date.now() }));
    const answer = await store
      .dispatch(probe.endpoints.probeWrite.initiate({ idempotencyKey: 'key-123456' }))
      .unwrap();
    expect(answer.position).toBe('posts:0:1');
    expect(keys).toEqual(['key-123456', 'key-123456']);
    expect(store.getState().session.lastPosition).toBe('posts:0:1');
  });

  it('ends the session when a 401 cannot be refreshed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ statusCode: 401, code: 'UNAUTHENTICATED' }), { status: 401 }),
      ),
    );
    const store = makeStore();
    store.dispatch(signedIn({ answer: { access_token: tokenFor('u'), expires_in: 900 }, now: Date.now() }));
    await store.dispatch(probe.endpoints.probeWrite.initiate({ idempotencyKey: 'key-abcdefg' }));
    expect(store.getState().session.accessToken).toBeNull();
    expect(store.getState().session.endedReason).toMatch(/sign in again/i);
  });
});
