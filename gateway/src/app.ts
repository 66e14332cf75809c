import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import replyFrom from '@fastify/reply-from';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { httpMetrics } from '@engage/auth';
import { matchRoute, type GatewayTable } from './routes.ts';
import { proxyUpgrades } from './upgrade.ts';
import { isNavigation, webApp } from './web.ts';

const correlationHeader = 'x-correlation-id';
/** Paths a browser opens directly that stay the API's even as page loads (documents, files). */
const apiOnly = /^\/(docs|commands\/docs|auth\/|files\/|health|metrics)/;

type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The local stand-in for Kong, from the same table: same routes, and the same plugins (correlation
 * ids, CORS, rate limits per client address, request size limit), on one port.
 */
export async function buildGateway(
  options: GatewayTable & {
    /** The built web app (web/dist), served at `/` when given. */
    readonly webRoot?: string;
  },
): Promise<FastifyInstance> {
  const web = options.webRoot === undefined ? undefined : webApp(options.webRoot);
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 12 * 1024 * 1024 });
  // Measured here; served on the gateway's own metrics port (server.ts), never on the public one.
  await app.register(httpMetrics, { service: 'gateway', serve: false });
  await app.register(replyFrom);
  if (options.cors !== undefined) {
    const policy = options.cors;
    await app.register(cors, {
      origin: policy.origins.includes('*') ? true : [...policy.origins],
      methods: [...policy.methods],
      allowedHeaders: [...policy.headers],
      exposedHeaders: [...policy.exposedHeaders],
      credentials: policy.credentials,
      maxAge: policy.maxAge,
    });
  }
  // One plugin registration per limit: a request passes through several (everywhere and its route),
  // and the plugin lets one registration count a request only once.
  const limiter = async (name: string, max: number): Promise<Limiter> => {
    let hook: Limiter | undefined;
    await app.register(async (child) => {
      await child.register(rateLimit, { global: false });
      hook = child.rateLimit({
        max,
        timeWindow: 60_000,
        keyGenerator: (request) => `${name}|${request.ip}`,
      }) as Limiter;
    });
    if (hook === undefined) throw new Error('the rate-limit plugin gave no hook');
    return hook;
  };
  const everywhere = options.perMinute === undefined ? undefined : await limiter('*', options.perMinute);
  const perRoute = new Map<unknown, Limiter>();
  for (const route of options.routes)
    if (route.perMinute !== undefined)
      perRoute.set(route, await limiter(route.name ?? route.paths.join(','), route.perMinute));
  // Bodies pass through as bytes, untouched; Fastify answers 413 past the body limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // With CORS on, its plugin answers OPTIONS (preflights); everything else is proxied.
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', ...(options.cors ? [] : ['OPTIONS'])];
  app.route({
    method: methods,
    url: '/*',
    handler: async (request, reply) => {
      // A page load of a client route (/people/42, or /notifications in a browser) gets the app;
      // the API's own clients ask for JSON and reach the API.
      if (
        web !== undefined &&
        isNavigation(request) &&
        !apiOnly.test(request.url) &&
        (await web.page(request, reply))
      )
        return reply;
      const route = matchRoute(options.routes, request.method, request.url);
      if (route === undefined && web !== undefined) {
        if (await web.asset(request, reply)) return reply;
        const path = request.url.split('?')[0] ?? '/';
        const clientRoute = !path.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(path);
        if (request.method === 'GET' && clientRoute && (await web.page(request, reply))) return reply;
      }
      if (route === undefined) {
        return reply.code(404).send({
          statusCode: 404,
          code: 'NO_ROUTE',
          message: `No route for ${request.method} ${request.url.split('?')[0]}`,
        });
      }
      await everywhere?.call(app, request, reply);
      await perRoute.get(route)?.call(app, request, reply);
      const correlationId = (request.headers[correlationHeader] as string | undefined) ?? randomUUID();
      reply.header(correlationHeader, correlationId);
      // The bytes go on as they came, with their own content type (reply-from would re-encode JSON).
      const body = Buffer.isBuffer(request.body)
        ? { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' }
        : {};
      return reply.from(`${route.upstream}${request.url}`, {
        ...body,
        rewriteRequestHeaders: (_req, headers) => ({
          ...headers,
          [correlationHeader]: correlationId,
          'x-forwarded-for': [headers['x-forwarded-for'], request.ip].filter(Boolean).join(', '),
        }),
        onError: (proxyReply, { error }) => {
          void proxyReply.code(502).send({
            statusCode: 502,
            code: 'UPSTREAM_UNAVAILABLE',
            message: `${route.service} is not answering: ${error.message}`,
          });
        },
      });
    },
  });
  app.server.on(
    'upgrade',
    proxyUpgrades(options.routes, (request) => {
      const given = request.headers[correlationHeader];
      return typeof given === 'string' ? given : randomUUID();
    }),
  );
  return app;
}
