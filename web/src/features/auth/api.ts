import { api } from '../../api/base';
import type { CommandAnswer } from '../../api/types';
import { refreshTokenKey, signedIn, signedOut, type TokenAnswer } from '../../app/session';

export const authApi = api.injectEndpoints({
  endpoints: (build) => ({
    signIn: build.mutation<TokenAnswer, { email: string; password: string }>({
      query: ({ email, password }) => ({
        url: '/auth/token',
        method: 'POST',
        body: { grant_type: 'password', username: email, password },
      }),
      extraOptions: { maxRetries: 0 },
      async onQueryStarted(_args, { dispatch, queryFulfilled }) {
        const result = await queryFulfilled.catch(() => null);
        if (result === null) return; // the form shows the error
        const { data } = result;
        if (data.refresh_token) localStorage.setItem(refreshTokenKey, data.refresh_token);
        dispatch(signedIn({ answer: data, now: Date.now() }));
      },
    }),
    /** Self sign-up: POST /users without a token (refused 401 when the system does not allow it). */
    signUp: build.mutation<
      CommandAnswer,
      { email: string; password: string; firstName: string; lastName: string; idempotencyKey: string }
    >({
      query: ({ idempotencyKey, ...body }) => ({ url: '/users', method: 'POST', body, idempotencyKey }),
    }),
    signOut: build.mutation<null, void>({
      queryFn: async (_args, { dispatch }) => {
        const token = localStorage.getItem(refreshTokenKey);
        localStorage.removeItem(refreshTokenKey);
        if (token !== null)
          await fetch('/auth/revoke', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ token }),
          }).catch(() => undefined);
        dispatch(signedOut({ reason: null }));
        dispatch(api.util.resetApiState());
        return { data: null };
      },
    }),
  }),
});

export const { useSignInMutation, useSignOutMutation, useSignUpMutation } = authApi;
