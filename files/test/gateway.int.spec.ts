import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildGateway, gatewayFromKong } from '@engage/gateway';
import { repoRoot } from '@engage/stack';
import { photo, startTestService, tokenFor, uploadForm } from './helpers.ts';

let service: Awaited<ReturnType<typeof startTestService>>;
let gateway: FastifyInstance;
let gatewayUrl: string;

beforeAll(async () => {
  service = await startTestService();
  // The committed kong/kong.yml, with the files upstream pointed at this test's service.
  gateway = await buildGateway(
    gatewayFromKong(join(repoRoot, 'kong', 'kong.yml'), { UPSTREAM_FILES: service.url }),
  );
  gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await gateway.close();
  await service.stop();
});

it('uploads, serves and deletes a file through the gateway', async () => {
  const uploaded = await fetch(`${gatewayUrl}/files`, {
    method: 'POST',
    body: uploadForm(await photo(1000, 500), { purpose: 'cover' }),
    headers: { authorization: `Bearer ${tokenFor('ann')}` },
  });
  expect(uploaded.status).toBe(201);
  const answer = (await uploaded.json()) as {
    id: string;
    variants: Record<string, { url: string; bytes: number }>;
  };
  const variant = answer.variants['640x360'];
  const image = await fetch(`${gatewayUrl}${variant?.url}`);
  expect(image.status).toBe(200);
  expect(image.headers.get('content-type')).toBe('image/webp');
  expect(image.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
  expect((await image.arrayBuffer()).byteLength).toBe(variant?.bytes);
  const removed = await fetch(`${gatewayUrl}/files/${answer.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${tokenFor('ann')}` },
  });
  expect(removed.status).toBe(200);
});
