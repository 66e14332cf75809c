import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildGateway } from '../src/app.ts';

describe('local gateway', () => {
  let upstream: FastifyInstance;
  let gateway: FastifyInstance;

  beforeAll(async () => {
    upstream = Fastify();
    upstream.get('/health', async (request) => ({
      status: 'up',
      correlationId: request.headers['x-correlation-id'],
    }));
    upstream.post('/echo', async (request) => ({ body: request.body }));
    upstream.post('/echo/limited', async (request) => ({ forwardedFor: request.headers['x-forwarded-for'] }));
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const address = upstream.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    gateway = await buildGateway({
      routes: [
        { service: 'query-api', upstream: `http://127.0.0.1:${port}`, paths: ['/health'], methods: ['GET'] },
        {
          service: 'command-services',
          upstream: `http://127.0.0.1:${port}`,
          paths: ['/echo'],
          methods: ['POST'],
        },
        { service: 'gone', upstream: 'http://127.0.0.1:1', paths: ['/gone'], methods: [] },
        {
          name: 'sign-in',
          service: 'command-services',
          upstream: `http://127.0.0.1:${port}`,
          paths: ['~/echo/limited$'],
          methods: ['POST'],
          perMinute: 2,
        },
      ],
      bodyLimitBytes: 1024,
      cors: {
        origins: ['http://app.example'],
        methods: ['GET', 'POST'],
        headers: ['Authorization', 'Content-Type'],
        exposedHeaders: ['X-Correlation-Id'],
        credentials: true,
        maxAge: 600,
      },
      perMinute: 1000,
    });
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it('forwards a route to its upstream with a correlation id, echoed to the client', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const correlationId = response.headers['x-correlation-id'];
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json()).toEqual({ status: 'up', correlationId });
  });

  it('keeps a correlation id the client sent', async () => {
    const response = await gateway.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-correlation-id': 'abc-123' },
    });
    expect(response.json()).toEqual({ status: 'up', correlationId: 'abc-123' });
  });

  it('passes a JSON body through unchanged', async () => {
    const response = await gateway.inject({ method: 'POST', url: '/echo', payload: { text: 'hello' } });
    expect(response.json()).toEqual({ body: { text: 'hello' } });
  });

  it('answers 404 with a code for a path or method no route serves', async () => {
    const response = await gateway.inject({ method: 'DELETE', url: '/health' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NO_ROUTE' });
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await gateway.inject({
      method: 'POST',
      url: '/echo',
      payload: { text: 'x'.repeat(2048) },
    });
    expect(response.statusCode).toBe(413);
  });

  it('answers 502 naming the service when the upstream is down', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/gone' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: expect.stringContaining('gone'),
    });
  });

  it('answers a CORS preflight for an allowed origin, and not for a foreign one', async () => {
    const preflight = (origin: string) =>
      gateway.inject({
        method: 'OPTIONS',
        url: '/echo',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('http://app.example');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://app.example');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const foreign = await preflight('http://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("applies a route's own rate limit per address with a 429, and tells the upstream who called", async () => {
    const call = () => gateway.inject({ method: 'POST', url: '/echo/limited', payload: {} });
    const first = await call();
    expect(first.json()).toEqual({ forwardedFor: '127.0.0.1' });
    expect((await call()).statusCode).toBe(200);
    const third = await call();
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    // Other routes are not limited by it.
    expect((await gateway.inject({ method: 'POST', url: '/echo', payload: {} })).statusCode).toBe(200);
  });
});
