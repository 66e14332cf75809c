// What Fastify refuses before a route runs answers in the shared error shape every client reads.
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { Value } from 'typebox/value';
import { answerUnknownRoutes, ErrorResponse, frameworkErrors } from '../src/index.ts';

describe('refusals before a route runs', () => {
  const app = Fastify({ frameworkErrors });
  answerUnknownRoutes(app);
  app.get('/users/:id', async () => ({ ok: true }));

  it.each([
    ['a path that is not valid percent-encoding', '/users/%ZZ', 400, 'INVALID_URL'],
    ['a path with an encoded lone surrogate', '/users/%ED%A0%80', 400, 'INVALID_URL'],
    ['a path parameter past maxParamLength', `/users/${'x'.repeat(5_000)}`, 400, 'INVALID_URL'],
    ['a path no route serves', '/users/1/nothing?q=1', 404, 'ROUTE_NOT_FOUND'],
  ])('answers %s in the shared error shape', async (_what, url, status, code) => {
    const answer = await app.inject({ method: 'GET', url });
    expect(answer.statusCode).toBe(status);
    const body: unknown = answer.json();
    expect(body).toMatchObject({ statusCode: status, code });
    expect(Value.Check(ErrorResponse, body)).toBe(true);
  });
});
