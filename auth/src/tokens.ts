import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { publicKeyOf, type PublicJwk, type SigningKey } from './keys.ts';

/** What an access token says about its bearer. */
export interface AccessClaims {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  /** When the token expires, in epoch seconds (set on verified tokens). */
  readonly expiresAt?: number;
}

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Access tokens are short-lived: 15 minutes unless set. */
  readonly ttlSeconds?: number;
}

export function issueAccessToken(
  key: SigningKey,
  claims: AccessClaims,
  settings: TokenSettings,
  now = Date.now(),
): string {
  const issuedAt = Math.floor(now / 1000);
  return jwt.sign(
    {
      roles: claims.roles,
      permissions: claims.permissions,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + (settings.ttlSeconds ?? 900),
    },
    key.privateKey,
    {
      algorithm: 'ES256',
      keyid: key.kid,
      issuer: settings.issuer,
      audience: settings.audience,
      subject: claims.sub,
    },
  );
}

/** Why a token was refused; every case answers 401 to the client. */
export class InvalidTokenError extends Error {
  readonly code = 'INVALID_TOKEN';
}

/** Finds a published public key by `kid` (a JWKS cache, or the key store itself). */
export type KeyLookup = (kid: string) => Promise<PublicJwk | undefined>;

/**
 * Verifies an access token with the algorithm pinned to ES256 and the issuer, audience, expiry and
 * not-before checked (the gateway's JWT plugin checks expiry only, so every service calls this).
 */
export async function verifyAccessToken(
  token: string,
  lookup: KeyLookup,
  settings: Omit<TokenSettings, 'ttlSeconds'>,
  now = Date.now(),
): Promise<AccessClaims> {
  const decoded = jwt.decode(token, { complete: true });
  if (decoded === null || typeof decoded.payload === 'string') throw new InvalidTokenError('not a JWT');
  if (decoded.header.alg !== 'ES256')
    throw new InvalidTokenError(`algorithm ${decoded.header.alg} is not accepted`);
  const kid = decoded.header.kid;
  if (kid === undefined) throw new InvalidTokenError('the token names no key (kid)');
  const jwk = await lookup(kid);
  if (jwk === undefined) throw new InvalidTokenError(`unknown key ${kid}`);
  try {
    const payload = jwt.verify(token, publicKeyOf(jwk), {
      algorithms: ['ES256'],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTimestamp: Math.floor(now / 1000),
      clockTolerance: 5,
    }) as jwt.JwtPayload;
    if (typeof payload.sub !== 'string') throw new InvalidTokenError('the token names no subject');
    return {
      sub: payload.sub,
      roles: Array.isArray(payload['roles']) ? (payload['roles'] as string[]) : [],
      permissions: Array.isArray(payload['permissions']) ? (payload['permissions'] as string[]) : [],
      ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp } : {}),
    };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * `verifyAccessToken` with a memory of tokens already verified: an ES256 check costs far more than
 * the rest of a request, and a client sends the same token until it expires. A token is
 * remembered whole (never by its signature alone), for at most `ttlMs` and never past its expiry,
 * and only while the key that signed it is still published, so a retired key stops its tokens at
 * once.
 */
export function cachedVerifier(
  lookup: KeyLookup,
  settings: Omit<TokenSettings, 'ttlSeconds'>,
  options: { readonly max?: number; readonly ttlMs?: number } = {},
): (token: string) => Promise<AccessClaims> {
  const verified = new LRUCache<string, { claims: AccessClaims; kid: string }>({
    max: options.max ?? 10_000,
    ttl: options.ttlMs ?? 60_000,
  });
  return async (token) => {
    const known = verified.get(token);
    if (known !== undefined) {
      const expired = known.claims.expiresAt !== undefined && known.claims.expiresAt * 1000 <= Date.now();
      if (!expired && (await lookup(known.kid)) !== undefined) return known.claims;
      verified.delete(token);
    }
    const claims = await verifyAccessToken(token, lookup, settings);
    const kid = jwt.decode(token, { complete: true })?.header.kid ?? '';
    const left = claims.expiresAt === undefined ? undefined : claims.expiresAt * 1000 - Date.now();
    verified.set(
      token,
      { claims, kid },
      left === undefined ? {} : { ttl: Math.max(1, Math.min(left, options.ttlMs ?? 60_000)) },
    );
    return claims;
  };
}
