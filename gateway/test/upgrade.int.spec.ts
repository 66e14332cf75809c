import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import WebSocket, { WebSocketServer } from 'ws';
import { buildGateway } from '../src/app.ts';

describe('local gateway websockets', () => {
  let upstream: Server;
  let gateway: FastifyInstance;
  let gatewayUrl: string;

  beforeAll(async () => {
    upstream = createServer();
    const sockets = new WebSocketServer({ noServer: true });
    upstream.on('upgrade', (request, socket, head) => {
      if (request.headers.authorization !== 'Bearer ok') {
        socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => {
        ws.send(
          JSON.stringify({
            hello: request.headers['x-forwarded-for'],
            correlation: request.headers['x-correlation-id'],
          }),
        );
        ws.on('message', (data) => ws.send(`echo ${(data as Buffer).toString('utf8')}`));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as { port: number }).port;
    gateway = await buildGateway({
      routes: [
        {
          service: 'query-api',
          upstream: `http://127.0.0.1:${port}`,
          paths: ['~/notifications/stream$'],
          methods: ['GET'],
        },
      ],
    });
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    gatewayUrl = `ws://127.0.0.1:${(gateway.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await gateway.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('passes an upgrade through to the upstream, both ways', async () => {
    const socket = new WebSocket(`${gatewayUrl}/notifications/stream`, {
      headers: { authorization: 'Bearer ok', 'x-correlation-id': 'c-1' },
    });
    const messages: string[] = [];
    socket.on('message', (data) => messages.push((data as Buffer).toString('utf8')));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send('ping');
    while (messages.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(JSON.parse(messages[0] ?? '{}')).toEqual({ hello: '127.0.0.1', correlation: 'c-1' });
    expect(messages[1]).toBe('echo ping');
    socket.close();
  });

  it("answers the upstream's refusal, and 404 for a path no route serves", async () => {
    const status = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${gatewayUrl}${path}`, { headers });
        socket.on('unexpected-response', (_request, response) => {
          resolve(response.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('open', () => resolve(101));
        socket.on('error', () => undefined);
      });
    expect(await status('/notifications/stream', { authorization: 'Bearer nope' })).toBe(401);
    expect(await status('/elsewhere')).toBe(404);
  });
});
