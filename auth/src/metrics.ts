// Prometheus metrics at the HTTP edge: a duration histogram of every request by route and status,
// and `GET /metrics` (the process's whole registry, in Prometheus text) on the service's own port.
// The gateway does not route `/metrics` to any service, so the page is not public.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Histogram, metrics } from '@engage/event-log';

const requestSeconds = new Histogram({
  name: 'engage_http_request_duration_seconds',
  help: 'HTTP requests by service, method, route pattern and status',
  labelNames: ['service', 'method', 'route', 'status'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
});

export interface HttpMetricsOptions {
  /** The `service` label: which service answered. */
  readonly service: string;
  /** Serve `GET /metrics` on this app (the gateway serves it on its own port instead). */
  readonly serve: boolean;
}

/** Register first, so every route registered after it is measured. */
export const httpMetrics = fp<HttpMetricsOptions>(async (app: FastifyInstance, options) => {
  app.addHook('onResponse', async (request, reply) => {
    requestSeconds.observe(
      {
        service: options.service,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  if (!options.serve) return;
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
});
