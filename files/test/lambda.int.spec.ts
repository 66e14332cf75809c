import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { fileRouteTable } from '../src/app.ts';
import { createHandler, type HttpApiEvent } from '../src/lambda.ts';
import { elfExecutable } from './corpus.ts';
import { keys, photo, startTestService, tokenFor, uploadForm } from './helpers.ts';

let service: Awaited<ReturnType<typeof startTestService>>;
let handler: ReturnType<typeof createHandler>;

beforeAll(async () => {
  service = await startTestService();
  handler = createHandler(async () => ({
    service: service.service,
    keys,
    tokens: { issuer: 'engage', audience: 'engage-api' },
  }));
});
afterAll(async () => {
  await service.stop();
});

/** An API Gateway HTTP API (v2) event, as the platform builds it: a binary body arrives base64-encoded. */
async function event(
  method: string,
  path: string,
  options: { form?: FormData; headers?: Record<string, string>; params?: Record<string, string> } = {},
): Promise<HttpApiEvent> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.form !== undefined) {
    const request = new Request('http://lambda.test/files', { method: 'POST', body: options.form });
    headers['content-type'] = request.headers.get('content-type') ?? '';
    body = Buffer.from(await request.arrayBuffer()).toString('base64');
  }
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    headers,
    requestContext: { http: { method }, requestId: 'test-request' },
    ...(options.params === undefined ? {} : { pathParameters: options.params }),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: body !== undefined,
  };
}

interface UploadAnswer {
  id: string;
  variants: Record<string, { url: string; width: number; height: number; bytes: number }>;
}

describe('the Lambda handler', () => {
  it('makes the same variants as the Fastify route for the same input, and serves them', async () => {
    const bytes = await photo(1500, 1000);
    const crop = JSON.stringify({ x: 10, y: 20, width: 1200, height: 900 });
    const fromFastify = (await (
      await fetch(`${service.url}/files`, {
        method: 'POST',
        body: uploadForm(bytes, { purpose: 'post', crop }),
        headers: { authorization: `Bearer ${tokenFor('ann')}` },
      })
    ).json()) as UploadAnswer;
    const result = await handler(
      await event('POST', '/files', {
        form: uploadForm(bytes, { purpose: 'post', crop }),
        headers: { authorization: `Bearer ${tokenFor('ann')}` },
      }),
    );
    expect(result.statusCode).toBe(201);
    const fromLambda = JSON.parse(result.body) as UploadAnswer;
    expect(fromLambda.id).not.toBe(fromFastify.id);
    const shape = (answer: UploadAnswer) =>
      Object.fromEntries(
        Object.entries(answer.variants).map(([name, { width, height, bytes }]) => [
          name,
          { width, height, bytes },
        ]),
      );
    expect(shape(fromLambda)).toEqual(shape(fromFastify));

    for (const name of Object.keys(fromFastify.variants)) {
      const viaFastify = await fetch(`${service.url}/files/${fromFastify.id}/${name}`);
      const viaLambda = await handler(
        await event('GET', `/files/${fromLambda.id}/${name}`, {
          params: { id: fromLambda.id, variant: name },
        }),
      );
      expect(viaLambda.statusCode).toBe(200);
      expect(viaLambda.headers['etag']).toBe(viaFastify.headers.get('etag'));
      expect(Buffer.from(viaLambda.body, 'base64')).toEqual(Buffer.from(await viaFastify.arrayBuffer()));
    }
  });

  it('refuses what the route refuses, with the same answer', async () => {
    const result = await handler(
      await event('POST', '/files', {
        form: uploadForm(elfExecutable(), { purpose: 'post' }, 'photo.jpg'),
        headers: { authorization: `Bearer ${tokenFor('ann')}` },
      }),
    );
    expect(result.statusCode).toBe(415);
    expect(JSON.parse(result.body)).toMatchObject({ code: 'UNSUPPORTED_TYPE', field: 'file' });
    expect(
      (await handler(await event('POST', '/files', { form: uploadForm(await photo(64, 64)) }))).statusCode,
    ).toBe(401);
  });

  it('answers 304 and ranges, and deletes for the owner', async () => {
    const uploaded = await handler(
      await event('POST', '/files', {
        form: uploadForm(await photo(300, 300), { purpose: 'avatar' }),
        headers: { authorization: `Bearer ${tokenFor('ann')}` },
      }),
    );
    const { id } = JSON.parse(uploaded.body) as UploadAnswer;
    const params = { id, variant: '64' };
    const full = await handler(await event('GET', `/files/${id}/64`, { params }));
    const etag = full.headers['etag'] ?? '';
    expect(
      (await handler(await event('GET', `/files/${id}/64`, { params, headers: { 'if-none-match': etag } })))
        .statusCode,
    ).toBe(304);
    const part = await handler(
      await event('GET', `/files/${id}/64`, { params, headers: { range: 'bytes=0-9' } }),
    );
    expect(part.statusCode).toBe(206);
    expect(Buffer.from(part.body, 'base64')).toEqual(Buffer.from(full.body, 'base64').subarray(0, 10));
    const removed = await handler(
      await event('DELETE', `/files/${id}`, {
        params: { id },
        headers: { authorization: `Bearer ${tokenFor('ann')}` },
      }),
    );
    expect(removed.statusCode).toBe(200);
    expect((await handler(await event('GET', `/files/${id}/64`, { params }))).statusCode).toBe(404);
  });
});

describe('serverless.yml', () => {
  const definition = parse(readFileSync(join(import.meta.dirname, '..', 'serverless.yml'), 'utf8')) as {
    provider: { runtime: string; memorySize: number; timeout: number; environment: Record<string, string> };
    functions: Record<
      string,
      { handler: string; events: Array<{ httpApi: { method: string; path: string } }> }
    >;
  };

  it('names a handler that exists and exports a function', async () => {
    const functions = Object.values(definition.functions);
    expect(functions.length).toBeGreaterThan(0);
    for (const { handler: name } of functions) {
      const [file, exported] = name.split('.');
      const module = (await import(join(import.meta.dirname, '..', `${file}.ts`))) as Record<string, unknown>;
      expect(typeof module[exported!]).toBe('function');
    }
  });

  it('routes the service’s own routes, with memory, timeout and environment', async () => {
    const routes = Object.values(definition.functions).flatMap((fn) =>
      fn.events.map(({ httpApi }) => `${httpApi.method} ${httpApi.path}`),
    );
    const table = (await fileRouteTable())
      .filter((route) => route.url.startsWith('/files/') || route.url === '/files')
      .filter((route) => route.method !== 'HEAD' && route.url !== '/files/docs')
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.sort()).toEqual(table.sort());
    expect(definition.provider.memorySize).toBeGreaterThanOrEqual(1024);
    expect(definition.provider.timeout).toBeLessThanOrEqual(29);
    expect(Object.keys(definition.provider.environment)).toEqual(
      expect.arrayContaining(['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGO_URL']),
    );
  });
});
