import { randomUUID } from 'node:crypto';
import replyFrom from '@fastify/reply-from';
import Fastify, { type FastifyInstance } from 'fastify';
import { matchRoute, type GatewayRoute } from './routes.ts';

export interface GatewayOptions {
  readonly routes: readonly GatewayRoute[];
  /** Largest request body, as Kong's request-size-limiting plugin. */
  readonly bodyLimitBytes?: number;
}

const correlationHeader = 'x-correlation-id';

/** The local stand-in for Kong: same routes, same correlation ids, one port. */
export async function buildGateway(options: GatewayOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 12 * 1024 * 1024 });
  await app.register(replyFrom);
  // Bodies pass through as bytes, untouched; Fastify answers 413 past the body limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.all('/*', async (request, reply) => {
    const route = matchRoute(options.routes, request.method, request.url);
    if (route === undefined) {
      return reply.code(404).send({
        statusCode: 404,
        code: 'NO_ROUTE',
        message: `No route for ${request.method} ${request.url.split('?')[0]}`,
      });
    }
    const correlationId = (request.headers[correlationHeader] as string | undefined) ?? randomUUID();
    reply.header(correlationHeader, correlationId);
    // The bytes go on as they came, with their own content type (reply-from would re-encode JSON).
    const body = Buffer.isBuffer(request.body)
      ? { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' }
      : {};
    return reply.from(`${route.upstream}${request.url}`, {
      ...body,
      rewriteRequestHeaders: (_req, headers) => ({ ...headers, [correlationHeader]: correlationId }),
      onError: (proxyReply, { error }) => {
        void proxyReply.code(502).send({
          statusCode: 502,
          code: 'UPSTREAM_UNAVAILABLE',
          message: `${route.service} is not answering: ${error.message}`,
        });
      },
    });
  });
  return app;
}
