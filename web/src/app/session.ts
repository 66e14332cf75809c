import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

/** Where the refresh token lives between page loads (it rotates on every refresh). */
export const refreshTokenKey = 'engage.refreshToken';

export interface SessionState {
  /** The bearer token of every API call; kept in memory only. */
  readonly accessToken: string | null;
  /** When the access token expires, in epoch milliseconds. */
  readonly expiresAt: number | null;
  /** The signed-in person's user id (the token's subject). */
  readonly userId: string | null;
  /** The position of this person's last write: reads wait for it (`consistentWith`). */
  readonly lastPosition: string | null;
  /** Set when the session ended on its own (expired, revoked), so sign-in can say why. */
  readonly endedReason: string | null;
}

export interface TokenAnswer {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expires_in: number;
}

/** A JWT's claims, read without verifying them (the API verifies; the app only shows or hides). */
function claimsOf(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const claims = JSON.parse(json) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The subject of a JWT: the signed-in person's user id. */
export function subjectOf(token: string): string | null {
  const sub = claimsOf(token)['sub'];
  return typeof sub === 'string' ? sub : null;
}

/** The permissions a JWT carries (its roles' when it was issued), such as `audit:read`. */
export function permissionsOf(token: string | null): readonly string[] {
  const permissions = token === null ? undefined : claimsOf(token)['permissions'];
  return Array.isArray(permissions) ? permissions.filter((p): p is string => typeof p === 'string') : [];
}

const initialState: SessionState = {
  accessToken: null,
  expiresAt: null,
  userId: null,
  lastPosition: null,
  endedReason: null,
};

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    signedIn(state, action: PayloadAction<{ answer: TokenAnswer; now: number }>) {
      const { answer, now } = action.payload;
      state.accessToken = answer.access_token;
      state.expiresAt = now + answer.expires_in * 1000;
      state.userId = subjectOf(answer.access_token);
      state.endedReason = null;
    },
    signedOut(state, action: PayloadAction<{ reason: string | null }>) {
      state.accessToken = null;
      state.expiresAt = null;
      state.userId = null;
      state.lastPosition = null;
      state.endedReason = action.payload.reason;
    },
    wrote(state, action: PayloadAction<string | null | undefined>) {
      if (action.payload) state.lastPosition = action.payload;
    },
  },
});

export const { signedIn, signedOut, wrote } = sessionSlice.actions;
