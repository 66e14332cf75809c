// What an operator reads in a service's log: JSON lines, each about a request carrying its
// correlation id, request lines sampled in production.
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { sampled, serviceLogging } from '../src/logging.ts';

async function service(env: NodeJS.ProcessEnv) {
  const lines: Record<string, unknown>[] = [];
  const app = Fastify(
    serviceLogging('orders', env, {
      write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    }),
  );
  app.get('/things/:id', async (request) => {
    request.log.info({ thing: (request.params as { id: string }).id }, 'thing read');
    return { correlationId: request.id };
  });
  app.get('/broken', async (request) => {
    request.log.error('the store did not answer');
    throw new Error('boom');
  });
  await app.ready();
  return { app, lines };
}

describe('service logging', () => {
  it('puts the caller’s correlation id on every line about its request, and answers with it', async () => {
    const { app, lines } = await service({});
    const answer = await app.inject({ url: '/things/7', headers: { 'x-correlation-id': 'order-123' } });
    expect(answer.json()).toEqual({ correlationId: 'order-123' });
    const messages = lines.map((line) => [line['msg'], line['correlationId'], line['service']]);
    expect(messages).toEqual([
      ['incoming request', 'order-123', 'orders'],
      ['thing read', 'order-123', 'orders'],
      ['request completed', 'order-123', 'orders'],
    ]);
    await app.close();
  });

  it('makes a correlation id when the request brings none', async () => {
    const { app, lines } = await service({});
    const { correlationId } = (await app.inject({ url: '/things/8' })).json<{ correlationId: string }>();
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.every((line) => line['correlationId'] === correlationId)).toBe(true);
    await app.close();
  });

  it('in production writes the request lines of a sample only, and every error', async () => {
    const { app, lines } = await service({ NODE_ENV: 'production' });
    const ids = Array.from({ length: 1000 }, (_, index) => `request-${index}`);
    for (const id of ids) await app.inject({ url: '/things/1', headers: { 'x-correlation-id': id } });
    const completed = lines.filter((line) => line['msg'] === 'request completed');
    // One in a hundred by default, the same requests in every service (decided by the id).
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.length).toBeLessThan(50);
    expect(completed.map((line) => line['correlationId'])).toEqual(ids.filter((id) => sampled(id, 0.01)));
    await app.inject({ url: '/broken', headers: { 'x-correlation-id': 'broken-1' } });
    expect(lines.filter((line) => line['correlationId'] === 'broken-1').map((line) => line['msg'])).toContain(
      'the store did not answer',
    );
    await app.close();
  });

  it('REQUEST_LOG_SAMPLE=0 writes no request lines at all', async () => {
    const { app, lines } = await service({ REQUEST_LOG_SAMPLE: '0' });
    await app.inject({ url: '/things/1' });
    expect(lines.map((line) => line['msg'])).toEqual(['thing read']);
    await app.close();
  });
});
