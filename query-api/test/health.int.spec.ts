import { afterEach, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
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
});
