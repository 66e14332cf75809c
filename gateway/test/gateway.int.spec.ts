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
      ],
      bodyLimitBytes: 1024,
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
});
