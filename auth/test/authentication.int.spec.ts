import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { authentication, mayActFor } from '../src/fastify.ts';
import { generateSigningKey } from '../src/keys.ts';
import { issueAccessToken, type KeyLookup } from '../src/tokens.ts';

const tokens = { issuer: 'engage', audience: 'engage-api' };
const key = generateSigningKey();
const keys: KeyLookup = async (kid) => (kid === key.kid ? key.publicJwk : undefined);
const bearer = (sub: string, permissions: string[]) => ({
  authorization: `Bearer ${issueAccessToken(key, { sub, roles: [], permissions }, tokens)}`,
});

async function app() {
  const server = Fastify();
  await server.register(authentication, { keys, tokens });
  server.get('/health', { config: { public: true } }, async () => ({ status: 'up' }));
  server.get('/kudos', { config: { permission: 'kudos:read' } }, async (request) => ({
    sub: request.principal?.sub,
  }));
  server.patch<{ Params: { id: string } }>(
    '/users/:id',
    { config: { permission: 'profile:edit-own' } },
    async (request, reply) =>
      mayActFor(request, request.params.id, 'profile:edit-any')
        ? { ok: true }
        : reply.code(403).send({ code: 'FORBIDDEN' }),
  );
  return server;
}

describe('authentication on every route', () => {
  it('lets anyone reach a public route', async () => {
    expect((await (await app()).inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('answers 401 without a token, or with one it refuses', async () => {
    const server = await app();
    const none = await server.inject({ url: '/kudos' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = issueAccessToken(
      generateSigningKey(),
      { sub: 'x', roles: [], permissions: ['kudos:read'] },
      tokens,
    );
    expect(
      (await server.inject({ url: '/kudos', headers: { authorization: `Bearer ${forged}` } })).statusCode,
    ).toBe(401);
    expect((await server.inject({ url: '/kudos', headers: { authorization: 'Basic abc' } })).statusCode).toBe(
      401,
    );
  });

  it('answers 403 when the token lacks the permission, and 200 when it has it', async () => {
    const server = await app();
    expect((await server.inject({ url: '/kudos', headers: bearer('u1', ['kudos:give']) })).statusCode).toBe(
      403,
    );
    const allowed = await server.inject({ url: '/kudos', headers: bearer('u1', ['kudos:read']) });
    expect(allowed.json()).toEqual({ sub: 'u1' });
  });

  it("lets a member change only their own things, and an admin anyone's", async () => {
    const server = await app();
    const own = await server.inject({
      method: 'PATCH',
      url: '/users/u1',
      headers: bearer('u1', ['profile:edit-own']),
    });
    const other = await server.inject({
      method: 'PATCH',
      url: '/users/u2',
      headers: bearer('u1', ['profile:edit-own']),
    });
    const admin = await server.inject({
      method: 'PATCH',
      url: '/users/u2',
      headers: bearer('root', ['profile:edit-own', 'profile:edit-any']),
    });
    expect([own.statusCode, other.statusCode, admin.statusCode]).toEqual([200, 403, 200]);
  });

  it('refuses to start with a route that names no rule', async () => {
    const server = Fastify();
    await server.register(authentication, { keys, tokens });
    expect(() => server.get('/forgotten', async () => ({}))).toThrow(/names no permission/);
  });
});

describe('a public route', () => {
  it('learns who calls it when a token comes along, and refuses a bad one', async () => {
    const server = Fastify();
    await server.register(authentication, { keys, tokens });
    server.post('/users', { config: { public: true } }, async (request) => ({
      caller: request.principal?.sub ?? null,
    }));
    expect((await server.inject({ method: 'POST', url: '/users' })).json()).toEqual({ caller: null });
    expect(
      (await server.inject({ method: 'POST', url: '/users', headers: bearer('admin', []) })).json(),
    ).toEqual({ caller: 'admin' });
    expect(
      (await server.inject({ method: 'POST', url: '/users', headers: { authorization: 'Bearer nonsense' } }))
        .statusCode,
    ).toBe(401);
  });
});
