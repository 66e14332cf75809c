import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildGateway } from '../src/app.ts';

describe('the gateway serving the web app', () => {
  let upstream: FastifyInstance;
  let gateway: FastifyInstance;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'engage-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
    upstream = Fastify();
    upstream.get('/notifications', async () => ({ items: [], next: null }));
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const address = upstream.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    gateway = await buildGateway({
      routes: [
        {
          service: 'query-api',
          upstream: `http://127.0.0.1:${port}`,
          paths: ['/notifications'],
          methods: ['GET'],
        },
      ],
      webRoot: root,
    });
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the app at / with a CSP allowing only its own origin and websocket', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/', headers: { host: 'engage.test:8000' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<div id="root">');
    expect(response.headers['cache-control']).toBe('no-cache');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://engage.test:8000 wss://engage.test:8000");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('answers index.html for a client route no API route serves', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/people/42' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="root">');
  });

  it('answers index.html for a page load of a path the API shares, and JSON to the API client', async () => {
    const page = await gateway.inject({
      method: 'GET',
      url: '/notifications',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(page.body).toContain('<div id="root">');
    const api = await gateway.inject({
      method: 'GET',
      url: '/notifications',
      headers: { accept: 'application/json' },
    });
    expect(api.json()).toEqual({ items: [], next: null });
  });

  it('serves hashed assets as immutable for a year', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toBe('console.log(1)');
  });

  it('answers 404 for a missing asset and never serves files outside the build', async () => {
    expect((await gateway.inject({ method: 'GET', url: '/assets/gone-123.js' })).statusCode).toBe(404);
    const escape = await gateway.inject({ method: 'GET', url: '/assets/..%2F..%2Fetc%2Fpasswd' });
    expect(escape.statusCode).toBe(404);
    expect(escape.body).not.toContain('root:');
  });
});
