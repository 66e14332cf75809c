import {
  createApi,
  fetchBaseQuery,
  type BaseQueryFn,
  type FetchArgs,
  type FetchBaseQueryError,
} from '@reduxjs/toolkit/query/react';
import {
  refreshTokenKey,
  signedIn,
  signedOut,
  wrote,
  type SessionState,
  type TokenAnswer,
} from '../app/session';
import { newIdempotencyKey } from './idempotency';

/** A request of the app: a write carries the Idempotency-Key of the intent it belongs to. */
export interface ApiRequest extends FetchArgs {
  readonly idempotencyKey?: string;
}

interface RootLike {
  session: SessionState;
}

const raw = fetchBaseQuery({
  baseUrl: globalThis.location?.origin ?? '',
  prepareHeaders: (headers, { getState }) => {
    const token = (getState() as RootLike).session.accessToken;
    if (token !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return headers;
  },
});

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the stored refresh token for a new pair (the refresh token rotates: the old one is spent).
 * Concurrent callers share one exchange.
 */
export function refreshSession(dispatch: (action: unknown) => unknown): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = localStorage.getItem(refreshTokenKey);
    if (refreshToken === null) return false;
    try {
      const response = await fetch('/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      });
      if (!response.ok) {
        if (response.status === 400 || response.status === 401) localStorage.removeItem(refreshTokenKey);
        return false;
      }
      const answer = (await response.json()) as TokenAnswer;
      if (answer.refresh_token) localStorage.setItem(refreshTokenKey, answer.refresh_token);
      dispatch(signedIn({ answer, now: Date.now() }));
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isWrite = (method: string | undefined) => method !== undefined && method.toUpperCase() !== 'GET';

/**
 * Every call: the bearer token; reads wait for this person's last write (`consistentWith`);
 * writes carry an Idempotency-Key kept across their retries; a lost network or a 503 is retried
 * with backoff; a 401 refreshes the session once, then ends it (the router returns to sign-in).
 */
export const baseQuery: BaseQueryFn<string | ApiRequest, unknown, FetchBaseQueryError> = async (
  args,
  api,
  extraOptions: { maxRetries?: number } = {},
) => {
  const request: ApiRequest = typeof args === 'string' ? { url: args } : args;
  const write = isWrite(request.method);
  const { idempotencyKey: givenKey, ...fetchArgs } = request;
  const idempotencyKey = write ? (givenKey ?? newIdempotencyKey()) : undefined;
  const lastPosition = (api.getState() as RootLike).session.lastPosition;
  const params: Record<string, unknown> = { ...(fetchArgs.params ?? {}) };
  if (!write && lastPosition !== null && params['consistentWith'] === undefined)
    params['consistentWith'] = lastPosition;
  const headers = new Headers(fetchArgs.headers as HeadersInit | undefined);
  if (idempotencyKey !== undefined) headers.set('idempotency-key', idempotencyKey);
  const call: FetchArgs = { ...fetchArgs, params, headers };

  const maxRetries = extraOptions.maxRetries ?? 3;
  let refreshed = false;
  for (let attempt = 0; ; attempt += 1) {
    const result = await raw(call, api, {});
    const error = result.error;
    if (error === undefined) {
      if (write) {
        const position = (result.data as { position?: string | null } | null)?.position;
        api.dispatch(wrote(position));
      }
      return result;
    }
    if (error.status === 401 && !refreshed && !String(call.url).startsWith('/auth/')) {
      refreshed = true;
      if (await refreshSession(api.dispatch)) {
        headers.delete('authorization');
        continue;
      }
      api.dispatch(signedOut({ reason: 'Your session has ended. Sign in again to carry on.' }));
      return result;
    }
    const retryable = error.status === 'FETCH_ERROR' || error.status === 503 || error.status === 502;
    if (!retryable || attempt >= maxRetries) return result;
    const retryAfter = Number(result.meta?.response?.headers.get('retry-after') ?? '');
    await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 300 * 2 ** attempt);
  }
};

/** The one API of the app; each feature adds its endpoints with `api.injectEndpoints`. */
export const api = createApi({
  reducerPath: 'api',
  baseQuery,
  tagTypes: [
    'Me',
    'User',
    'Users',
    'Kudos',
    'Budget',
    'Status',
    'Feed',
    'Post',
    'Initiative',
    'Initiatives',
    'Notifications',
    'Leaderboard',
    'Catalog',
  ],
  endpoints: () => ({}),
});
