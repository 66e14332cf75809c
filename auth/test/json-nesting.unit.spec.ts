import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { jsonDepth, limitJsonNesting, maxJsonDepth } from '../src/contract.ts';
import { registerErrorHandler } from '../src/errors.ts';

/** A route that walks its body recursively, as the idempotency fingerprint does. */
async function service() {
  const app = Fastify();
  registerErrorHandler(app);
  limitJsonNesting(app);
  const walk = (value: unknown): number =>
    value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(walk)) : 0;
  app.put('/likes', async (request) => ({ depth: walk(request.body) }));
  await app.ready();
  return app;
}

const put = async (app: Awaited<ReturnType<typeof service>>, payload: string) => {
  const answer = await app.inject({
    method: 'PUT',
    url: '/likes',
    headers: { 'content-type': 'application/json' },
    payload,
  });
  return { status: answer.statusCode, body: answer.json<Record<string, unknown>>() };
};

describe('JSON bodies nested past the limit', () => {
  it('refuses a body nested 150,000 levels deep with 400 BODY_TOO_DEEP, not a stack overflow', async () => {
    const app = await service();
    const deep = `${'['.repeat(150_000)}${']'.repeat(150_000)}`;
    const answer = await put(app, deep);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'BODY_TOO_DEEP',
      message: `the body nests deeper than ${maxJsonDepth} levels`,
    });
    await app.close();
  });

  it('reads bodies up to the limit, and brackets inside strings do not count', async () => {
    const app = await service();
    const atLimit = `${'{"a":'.repeat(maxJsonDepth - 1)}{"text":"${'[{'.repeat(500)}"}${'}'.repeat(maxJsonDepth - 1)}`;
    expect(await put(app, atLimit)).toEqual({ status: 200, body: { depth: maxJsonDepth } });
    expect(await put(app, '{"text":"an escaped quote \\" then [[["}')).toEqual({
      status: 200,
      body: { depth: 1 },
    });
    await app.close();
  });

  it('still answers a malformed body with 400 and a __proto__ key is refused as before', async () => {
    const app = await service();
    expect((await put(app, '{"a":')).status).toBe(400);
    expect((await put(app, '{"__proto__":{"admin":true}}')).status).toBe(400);
    await app.close();
  });

  it('counts depth once, stopping past the limit', () => {
    expect(jsonDepth('[]')).toBe(1);
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('"[[["')).toBe(0);
    expect(jsonDepth('['.repeat(1_000), 10)).toBe(11);
  });
});
