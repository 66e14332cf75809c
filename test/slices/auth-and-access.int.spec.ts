// The auth issue's negative suite and its grants, on the whole back end: every protected route of
// both services refuses every kind of bad token with 401, refused writes change nothing, and keys
// rotate without a restart.
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import {
  authentication,
  generateSigningKey,
  issueAccessToken,
  jwksKeyLookup,
  KeyStore,
  type RouteEntry,
  type SigningKey,
} from '@engage/auth';
import { commandRouteTable } from '@engage/command-services';
import { createKafka, endOffsets } from '@engage/event-log';
import { queryRouteTable } from '@engage/query-api';
import { startSystem, type System } from './system.ts';

const admin = { email: 'auth.admin@example.com', password: 'the admin passphrase, long' };
const password = 'an ordinary passphrase 42';
const settings = { issuer: 'engage', audience: 'engage-api' };
const everything = [
  'people:read',
  'kudos:read',
  'kudos:give',
  'profile:edit-own',
  'profile:edit-any',
  'status:set-own',
  'status:set-any',
  'users:manage',
  'roles:manage',
  'catalogs:manage',
  'kudos:moderate',
  'audit:read',
  'clients:manage',
  'keys:manage',
];

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string };

interface Raw {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

describe('auth and access through HTTP', () => {
  let system: System;
  let adminToken: string;
  let signing: SigningKey;
  let commandRoutes: RouteEntry[];
  let queryRoutes: RouteEntry[];

  const raw = async (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<Raw> => {
    const response = await fetch(`${system.commands.address}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      headers: response.headers,
    };
  };
  const signInFrom = (address: string, email: string, secret: string) =>
    raw(
      'POST',
      '/auth/token',
      { 'x-forwarded-for': address },
      {
        grant_type: 'password',
        username: email,
        password: secret,
      },
    );
  const offsets = async (): Promise<Record<string, number>> => {
    const kafka = createKafka(process.env['KAFKA_BROKERS'] ?? '', 'auth-offsets');
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(system.prefix));
    await admin.disconnect();
    return Object.fromEntries(await endOffsets(kafka, topics.sort()));
  };
  const register = async (first: string) => {
    const answer = await system.command('POST', '/users', adminToken, {
      email: `${first.toLowerCase()}@example.com`,
      password,
      firstName: first,
      lastName: 'Example',
    });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; position: string };
  };
  const concrete = (url: string) => url.replaceAll(/:[^/]+/g, 'x1');
  const protectedRoutes = (routes: RouteEntry[]) =>
    routes.filter((route) => route.permission !== null && route.method !== 'HEAD');

  beforeAll(async () => {
    system = await startSystem(admin);
    adminToken = await system.signIn(admin.email, admin.password, 'clients:manage');
    signing = await new KeyStore(system.db).current();
    commandRoutes = await commandRouteTable();
    queryRoutes = await queryRouteTable();
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it('answers 401 on every protected route of both services to every kind of bad token, and appends nothing', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'intruder', roles: ['admin'], permissions: everything };
    const good = issueAccessToken(signing, claims, settings);
    const [goodHeader, goodPayload] = good.split('.') as [string, string];
    const payload = {
      ...claims,
      iss: 'engage',
      aud: 'engage-api',
      iat: now,
      nbf: now,
      exp: now + 600,
    };
    const jwt = await import('jsonwebtoken');
    const withKey = (extra: object, options: object = {}) =>
      jwt.default.sign({ ...payload, ...extra }, signing.privateKey, {
        algorithm: 'ES256',
        keyid: signing.kid,
        ...options,
      });
    const hs256Body = `${b64({ alg: 'HS256', typ: 'JWT', kid: signing.kid })}.${b64(payload)}`;
    const publicPem = (await import('node:crypto'))
      .createPublicKey({ key: signing.publicJwk, format: 'jwk' })
      .export({ format: 'pem', type: 'spki' })
      .toString();
    const tampered = JSON.parse(Buffer.from(goodPayload, 'base64url').toString()) as Record<string, unknown>;
    const badTokens: Record<string, string | null> = {
      'no token': null,
      'alg none': `${b64({ alg: 'none', typ: 'JWT', kid: signing.kid })}.${b64(payload)}.`,
      'HS256 signed with the public key': `${hs256Body}.${createHmac('sha256', publicPem).update(hs256Body).digest('base64url')}`,
      expired: withKey({ iat: now - 3600, nbf: now - 3600, exp: now - 1800 }),
      'nbf in the future': withKey({ nbf: now + 1800 }),
      'wrong aud': withKey({ aud: 'someone-else' }),
      'wrong iss': withKey({ iss: 'https://evil.example' }),
      'unknown kid': issueAccessToken(generateSigningKey(), claims, settings),
      'tampered payload': `${goodHeader}.${b64({ ...tampered, sub: 'someone-else' })}.${good.split('.')[2]}`,
    };
    const before = await offsets();
    const unexpected: string[] = [];
    const routes = [
      ...protectedRoutes(commandRoutes).map((route) => ({ side: 'commands', route })),
      ...protectedRoutes(queryRoutes).map((route) => ({ side: 'queries', route })),
    ];
    expect(routes.length).toBeGreaterThan(25);
    for (const { side, route } of routes)
      for (const [name, token] of Object.entries(badTokens)) {
        const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
        const path = concrete(route.url);
        const status =
          side === 'commands'
            ? (await raw(route.method, path, headers, route.method === 'GET' ? undefined : {})).status
            : (await system.queries.inject({ method: route.method as 'GET', url: path, headers })).statusCode;
        if (status !== 401) unexpected.push(`${route.method} ${route.url} with ${name}: ${status}`);
      }
    expect(unexpected).toEqual([]);
    expect(await offsets()).toEqual(before);
  });

  it("refuses a member's changes to another member's profile, status and roles, and an auditor's every write", async () => {
    const a = await register('Ada');
    const b = await register('Bob');
    const auditor = await register('Audrey');
    const assigned = await system.command('POST', `/users/${auditor.id}/roles`, adminToken, {
      role: 'auditor',
    });
    expect(assigned.status).toBe(200);
    const tokenA = await system.signIn('ada@example.com', password);
    const auditorToken = await system.signIn('audrey@example.com', password, 'audit:read');
    const before = await offsets();
    const attempts = [
      await system.command('PATCH', `/users/${b.id}`, tokenA, { bio: 'mine now' }),
      await system.command('POST', `/users/${b.id}/status`, tokenA, { status: 'x', reason: 'because' }),
      await system.command('POST', `/users/${b.id}/roles`, tokenA, { role: 'admin' }),
      await system.command('POST', `/users/${a.id}/roles`, tokenA, { role: 'admin' }),
      await system.command('DELETE', `/users/${b.id}/roles/member`, tokenA),
    ];
    expect(attempts.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    // Escalation through body fields: refused as unknown fields, nothing stored.
    const escalations = [
      await system.command('PATCH', `/users/${a.id}`, tokenA, { roles: ['admin'] }),
      await system.command('PATCH', `/users/${a.id}`, tokenA, { isAdmin: true }),
    ];
    expect(escalations.map((answer) => [answer.status, answer.body['field']])).toEqual([
      [400, 'roles'],
      [400, 'isAdmin'],
    ]);
    // An auditor reads, and never writes: 403 on every write route but the public ones.
    const writes = protectedRoutes(commandRoutes).filter((route) => route.method !== 'GET');
    const auditorAnswers = await Promise.all(
      writes.map(async (route) => {
        const path = concrete(route.url).replace('x1', a.id);
        const answer = await raw(route.method, path, { authorization: `Bearer ${auditorToken}` }, {});
        return `${route.method} ${route.url}: ${answer.status}`;
      }),
    );
    expect(auditorAnswers).toEqual(writes.map((route) => `${route.method} ${route.url}: 403`));
    expect((await system.query('/audit/events', auditorToken)).status).toBe(200);
    expect(await offsets()).toEqual(before);
    const profileA = await system.query(`/users/${a.id}?consistentWith=${a.position}`, tokenA);
    expect(profileA.body['roles']).toEqual([]);
  });

  it('issues service-account tokens for client credentials, with the roles the admin gave, and no refresh token', async () => {
    const created = await system.command('POST', '/auth/clients', adminToken, {
      name: 'HR export',
      roles: ['auditor'],
    });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
    const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    const granted = await raw(
      'POST',
      '/auth/token',
      { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      'grant_type=client_credentials',
    );
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(granted.body).not.toHaveProperty('refresh_token');
    const serviceToken = granted.body['access_token'] as string;
    expect((await system.query('/audit/events', serviceToken)).status).toBe(200);
    expect(
      (await system.command('POST', '/kudos-kinds', serviceToken, { name: 'X', description: 'Y' })).status,
    ).toBe(403);
    const inBody = await raw(
      'POST',
      '/auth/token',
      {},
      {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      },
    );
    expect(inBody.status).toBe(200);

    const wrong = await raw(
      'POST',
      '/auth/token',
      {},
      {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: 'guess',
      },
    );
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const unknownRole = await system.command('POST', '/auth/clients', adminToken, {
      name: 'x',
      roles: ['wizard'],
    });
    expect(unknownRole).toMatchObject({ status: 400, body: { code: 'UNKNOWN_ROLE', field: 'roles' } });
    const listed = await raw('GET', '/auth/clients', { authorization: `Bearer ${adminToken}` });
    expect(JSON.stringify(listed.body)).not.toContain(clientSecret);
    expect(listed.body['items']).toEqual(
      expect.arrayContaining([expect.objectContaining({ clientId, name: 'HR export', roles: ['auditor'] })]),
    );
    expect(
      (await raw('DELETE', `/auth/clients/${clientId}`, { authorization: `Bearer ${adminToken}` })).status,
    ).toBe(204);
    const afterDelete = await raw(
      'POST',
      '/auth/token',
      { authorization: basic },
      { grant_type: 'client_credentials' },
    );
    expect(afterDelete.status).toBe(401);
  });

  it('limits failed sign-ins per account and per address with a 429 that says when to retry', async () => {
    await register('Victoria');
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await signInFrom('198.51.100.1', 'victoria@example.com', 'wrong guess')).status).toBe(400);
    // The sixth attempt is refused, even with the right password, and from another address too.
    for (const address of ['198.51.100.1', '198.51.100.2']) {
      const limited = await signInFrom(address, 'victoria@example.com', password);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ code: 'TOO_MANY_SIGN_IN_ATTEMPTS' });
      expect(String(limited.body['message'])).toMatch(/try again in \d+ s/);
    }
    // Other people are not locked out by it.
    expect((await signInFrom('198.51.100.1', admin.email, admin.password)).status).toBe(200);

    // One address guessing many accounts hits the per-address limit (50 failures).
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        signInFrom('203.0.113.9', `nobody${index}@example.com`, 'guess'),
      ),
    );
    const fromGuesser = await signInFrom('203.0.113.9', admin.email, admin.password);
    expect(fromGuesser.status).toBe(429);
    expect((await signInFrom('203.0.113.10', admin.email, admin.password)).status).toBe(200);
  });

  it('accepts tokens signed with a rotated key at once on every service, and keeps the old ones working', async () => {
    const before = await system.signIn(admin.email, admin.password);
    // A service that shares no database: it knows the keys only through the JWKS, over HTTP.
    const elsewhere = Fastify();
    await elsewhere.register(authentication, {
      keys: jwksKeyLookup(`${system.commands.address}/auth/jwks.json`),
      tokens: settings,
    });
    elsewhere.get('/whoami', { config: { permission: 'people:read' } }, async (request) => ({
      sub: request.principal?.sub,
    }));
    const accepted = async (token: string) => [
      (await system.query('/users/me', token)).status,
      (
        await system.command('POST', '/kudos-kinds', token, {
          name: `K ${randomUUID().slice(0, 6)}`,
          description: 'd',
        })
      ).status,
      (await elsewhere.inject({ url: '/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ];
    expect(await accepted(before)).toEqual([200, 201, 200]);

    const rotated = await system.command('POST', '/auth/keys/rotate', adminToken);
    expect(rotated.status).toBe(201);
    const after = await system.signIn(admin.email, admin.password);
    expect(headerOf(after).kid).toBe(rotated.body['kid']);
    expect(headerOf(after).kid).not.toBe(headerOf(before).kid);
    // Every service accepts it within 60 s (the JWKS cache refreshes on an unknown kid, at most once a second).
    const started = Date.now();
    let answers = await accepted(after);
    while (answers.join() !== '200,201,200' && Date.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answers = await accepted(after);
    }
    expect(answers).toEqual([200, 201, 200]);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await accepted(before)).toEqual([200, 201, 200]);
    const jwks = await raw('GET', '/auth/jwks.json');
    expect((jwks.body['keys'] as Array<{ kid: string }>).map((key) => key.kid)).toEqual([
      headerOf(after).kid,
      headerOf(before).kid,
    ]);
    await elsewhere.close();
  });
});
