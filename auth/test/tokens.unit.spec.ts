import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { generateSigningKey, publicKeyOf, type PublicJwk } from '../src/keys.ts';
import {
  cachedVerifier,
  InvalidTokenError,
  issueAccessToken,
  verifyAccessToken,
  type KeyLookup,
} from '../src/tokens.ts';

const settings = { issuer: 'https://engage.example/auth', audience: 'engage-api' };
const now = Date.UTC(2026, 10, 24, 9, 0);
const key = generateSigningKey(now);
const lookup: KeyLookup = async (kid) => (kid === key.kid ? key.publicJwk : undefined);
const claims = { sub: 'u1', roles: ['member'], permissions: ['kudos:give'] };
const token = issueAccessToken(key, claims, settings, now);

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (jwt: string) => {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    signature,
  };
};

describe('access tokens', () => {
  it('carry the subject, roles and permissions, signed with ES256 and a kid, for 15 minutes', async () => {
    await expect(verifyAccessToken(token, lookup, settings, now)).resolves.toEqual({
      ...claims,
      expiresAt: Math.floor(now / 1000) + 900,
    });
    const { header, payload } = parts(token);
    expect(header).toMatchObject({ alg: 'ES256', kid: key.kid });
    expect(payload['exp']).toBe(Math.floor(now / 1000) + 900);
  });

  const refused = async (jwt: string, at = now): Promise<void> => {
    await expect(verifyAccessToken(jwt, lookup, settings, at)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  };

  it('are refused unsigned (alg none)', async () => {
    const { payload } = parts(token);
    await refused(`${b64({ alg: 'none', typ: 'JWT', kid: key.kid })}.${b64(payload)}.`);
  });

  it('are refused when signed HS256 with the public key as the secret', async () => {
    const { payload } = parts(token);
    const pem = publicKeyOf(key.publicJwk).export({ type: 'spki', format: 'pem' });
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64(payload)}`;
    const signature = createHmac('sha256', pem).update(unsigned).digest('base64url');
    await refused(`${unsigned}.${signature}`);
  });

  it('are refused once expired, and before they are valid', async () => {
    await refused(token, now + 16 * 60_000);
    await refused(issueAccessToken(key, claims, settings, now + 60_000), now);
  });

  it('are refused for another audience or issuer', async () => {
    await refused(issueAccessToken(key, claims, { ...settings, audience: 'other-api' }, now));
    await refused(issueAccessToken(key, claims, { ...settings, issuer: 'https://evil.example' }, now));
  });

  it('are refused when signed by a key that is not published', async () => {
    await refused(issueAccessToken(generateSigningKey(now), claims, settings, now));
  });

  it('are refused when the payload was changed', async () => {
    const { header, payload, signature } = parts(token);
    await refused(`${b64(header)}.${b64({ ...payload, roles: ['admin'] })}.${signature}`);
  });

  it('are refused when malformed or missing a kid', async () => {
    await refused('not.a.token');
    await refused('');
    const { payload } = parts(token);
    await refused(`${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(payload)}.${parts(token).signature}`);
  });

  it('verify with whichever published key signed them', async () => {
    const next = generateSigningKey(now);
    const published: PublicJwk[] = [key.publicJwk, next.publicJwk];
    const both: KeyLookup = async (kid) => published.find((jwk) => jwk.kid === kid);
    await expect(verifyAccessToken(token, both, settings, now)).resolves.toMatchObject(claims);
    await expect(
      verifyAccessToken(issueAccessToken(next, claims, settings, now), both, settings, now),
    ).resolves.toMatchObject(claims);
  });
});

describe('cachedVerifier', () => {
  it('accepts a token it verified before without checking the signature again, until its key is retired', async () => {
    const key = generateSigningKey();
    let published = [key.publicJwk];
    let lookups = 0;
    const lookup = (kid: string) => {
      lookups += 1;
      return Promise.resolve(published.find((jwk) => jwk.kid === kid));
    };
    const verify = cachedVerifier(lookup, settings);
    const token = issueAccessToken(
      key,
      { sub: 'u1', roles: ['member'], permissions: ['kudos:read'] },
      settings,
    );
    const first = await verify(token);
    expect(first).toMatchObject({ sub: 'u1', permissions: ['kudos:read'] });
    expect(await verify(token)).toBe(first);
    // A token changed in any part is a different token: checked in full, and refused.
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', permissions: ['users:manage'] })).toString('base64url')}.${signature}`;
    await expect(verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    // Retiring the key stops the remembered token at once.
    published = [];
    const before = lookups;
    await expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(lookups).toBeGreaterThan(before);
  });

  it('never accepts a remembered token past its expiry', async () => {
    const key = generateSigningKey();
    const lookup = () => Promise.resolve(key.publicJwk);
    const verify = cachedVerifier(lookup, settings, { ttlMs: 60_000 });
    // Expires one second from now (verification allows 5 s of clock skew).
    const token = issueAccessToken(
      key,
      { sub: 'u2', roles: [], permissions: [] },
      { ...settings, ttlSeconds: 1 },
    );
    await expect(verify(token)).resolves.toMatchObject({ sub: 'u2' });
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    await expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  }, 20_000);
});
