import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { registerErrorHandler, type Refusal } from '../src/errors.ts';

class Refused extends Error {
  readonly code: string;

  constructor(code: string) {
    super(`refused: ${code}`);
    this.code = code;
  }
}

/** A service answering through the shared handler: its refusals' statuses come from `statusOf`. */
async function service() {
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false } } });
  const statusOf: Record<string, number> = { SELF_KUDOS: 409, NOT_FOUND: 404 };
  registerErrorHandler(app, (error): Refusal | undefined =>
    error instanceof Refused
      ? {
          statusCode: statusOf[error.code] ?? 400,
          code: error.code,
          field: error.code === 'NOT_FOUND' ? 'id' : undefined,
        }
      : undefined,
  );
  app.post(
    '/things',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string' },
            tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } },
          },
        },
      },
    },
    async () => ({ ok: true }),
  );
  app.get('/refused/:code', async (request) => {
    throw new Refused((request.params as { code: string }).code);
  });
  app.get('/busy', async () => {
    throw Object.assign(new Error('the log is unavailable; retry'), {
      statusCode: 503,
      code: 'LOG_UNAVAILABLE',
      headers: { 'retry-after': '2' },
    });
  });
  app.get('/bug', async () => {
    throw new Error('secret internals');
  });
  return app;
}

describe('every service answers errors the same way', () => {
  it('names the missing field, the field not allowed, and the path of a wrong value', async () => {
    const app = await service();
    const missing = await app.inject({ method: 'POST', url: '/things', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ statusCode: 400, code: 'INVALID_REQUEST', field: 'name' });
    const extra = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a', colour: 'red' } });
    expect(extra.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'colour' });
    const nested = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'a', tags: [{ label: 'x' }, { label: { text: 'y' } }] },
    });
    expect(nested.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'tags.1.label' });
  });

  it("answers a service's refusal with the status its code maps to, and its field", async () => {
    const app = await service();
    const refused = await app.inject({ method: 'GET', url: '/refused/SELF_KUDOS' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ statusCode: 409, code: 'SELF_KUDOS', message: 'refused: SELF_KUDOS' });
    const missing = await app.inject({ method: 'GET', url: '/refused/NOT_FOUND' });
    expect(missing.json()).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'refused: NOT_FOUND',
      field: 'id',
    });
  });

  it('keeps the status and headers an error carries, and hides the internals of a 5xx', async () => {
    const app = await service();
    const busy = await app.inject({ method: 'GET', url: '/busy' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
    expect(busy.json()).toMatchObject({ code: 'LOG_UNAVAILABLE' });
    const bug = await app.inject({ method: 'GET', url: '/bug' });
    expect(bug.statusCode).toBe(500);
    expect(bug.json()).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' });
  });
});
