import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { matchRoute, type GatewayRoute } from './routes.ts';

const statusLine = (code: number, message: string) => `HTTP/1.1 ${code} ${message}\r\n`;
const headerLines = (raw: readonly string[]): string => {
  let lines = '';
  for (let index = 0; index + 1 < raw.length; index += 2) lines += `${raw[index]}: ${raw[index + 1]}\r\n`;
  return lines;
};

/**
 * Websocket upgrades (the notification stream) pass through to the route's upstream as they
 * would through Kong: the upstream decides (101, or its 401/403), then bytes flow both ways.
 */
export function proxyUpgrades(
  routes: readonly GatewayRoute[],
  correlationId: (request: IncomingMessage) => string,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (request, socket, head) => {
    const route = matchRoute(routes, 'GET', request.url ?? '/');
    if (route === undefined) {
      socket.end(`${statusLine(404, 'Not Found')}connection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const target = new URL(request.url ?? '/', route.upstream);
    const address = request.socket.remoteAddress ?? '';
    const forwarded = request.headers['x-forwarded-for'];
    const upstream = httpRequest({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headers: {
        ...request.headers,
        'x-forwarded-for': [forwarded, address].filter(Boolean).join(', '),
        'x-correlation-id': correlationId(request),
      },
    });
    const fail = () => socket.destroy();
    socket.on('error', () => upstream.destroy());
    upstream.on('upgrade', (response, upstreamSocket, upstreamHead) => {
      socket.write(`${statusLine(101, 'Switching Protocols')}${headerLines(response.rawHeaders)}\r\n`);
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      upstreamSocket.on('error', fail);
      socket.on('error', () => upstreamSocket.destroy());
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
    });
    upstream.on('response', (response) => {
      // Refused by the upstream: its answer goes back as it is, and the connection ends.
      socket.write(
        `${statusLine(response.statusCode ?? 502, response.statusMessage ?? '')}${headerLines(response.rawHeaders)}\r\n`,
      );
      response.pipe(socket);
    });
    upstream.on('error', (error) => {
      const body = JSON.stringify({
        statusCode: 502,
        code: 'UPSTREAM_UNAVAILABLE',
        message: `${route.service} is not answering: ${error.message}`,
      });
      socket.end(
        `${statusLine(502, 'Bad Gateway')}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    upstream.end();
  };
}
