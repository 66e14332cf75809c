import { afterEach, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { configFromEnv } from '../src/config.ts';

describe('GET /health', () => {
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
  });

  it('answers 200 with Kafka, the registry and MongoDB up', async () => {
    app = await buildApp(configFromEnv());
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      status: string;
      checks: Record<string, { status: string; detail: string }>;
    }>();
    expect(body.status).toBe('up');
    expect(body.checks['kafka']).toMatchObject({ status: 'up', detail: expect.stringContaining('broker') });
    expect(body.checks['registry']).toMatchObject({
      status: 'up',
      detail: 'compatibility BACKWARD_TRANSITIVE',
    });
    expect(body.checks['mongo']).toMatchObject({ status: 'up' });
  });

  it('answers 503 naming the server that does not answer', async () => {
    app = await buildApp({ ...configFromEnv(), schemaRegistryUrl: 'http://127.0.0.1:1/apis/ccompat/v7' });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    const body = response.json<{ status: string; checks: Record<string, { status: string }> }>();
    expect(body.status).toBe('down');
    expect(body.checks['registry']?.status).toBe('down');
    expect(body.checks['kafka']?.status).toBe('up');
  });

  it('includes each backend service, and answers 503 naming one that does not answer', async () => {
    const backend = Fastify();
    backend.get('/health', async () => ({ status: 'up' }));
    await backend.listen({ host: '127.0.0.1', port: 0 });
    const address = backend.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const env = { ...process.env, HEALTH_BACKENDS: `command-services=${url}` };
      app = await buildApp(configFromEnv(env));
      const up = await app.inject({ method: 'GET', url: '/health' });
      expect(up.statusCode).toBe(200);
      expect(
        up.json<{ checks: Record<string, { status: string }> }>().checks['command-services'],
      ).toMatchObject({
        status: 'up',
      });
      await app.close();
      app = await buildApp(
        configFromEnv({ ...env, HEALTH_BACKENDS: `command-services=${url},files=http://127.0.0.1:1` }),
      );
      const down = await app.inject({ method: 'GET', url: '/health' });
      expect(down.statusCode).toBe(503);
      const { checks } = down.json<{ checks: Record<string, { status: string }> }>();
      expect(checks['files']?.status).toBe('down');
      expect(checks['command-services']?.status).toBe('up');
    } finally {
      await backend.close();
    }
  });
});
