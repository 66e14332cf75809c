// How the HTTP services log: pino JSON lines (Fastify's own logger) naming the service, every line
// about a request carrying its correlation id, and request lines sampled in production.
import { randomUUID } from 'node:crypto';
import { LogController, type FastifyServerOptions } from 'fastify';

/** The header that carries a request's correlation id (Kong and the local gateway set it). */
export const correlationHeader = 'x-correlation-id';

/**
 * Whether the request with correlation id `id` is among the `share` (0 to 1) whose request lines are
 * logged. Decided from the id itself, so every service logs the same requests, both lines of each.
 */
export function sampled(id: string, share: number): boolean {
  if (share >= 1) return true;
  let hash = 0x811c9dc5; // FNV-1a
  for (let index = 0; index < id.length; index += 1)
    hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193);
  return (hash >>> 0) / 0x1_0000_0000 < share;
}

export type ServiceLogging = Pick<
  FastifyServerOptions,
  'logger' | 'requestIdHeader' | 'genReqId' | 'logController'
>;

/**
 * Fastify options for `service`. The correlation id is the request id: taken from
 * `X-Correlation-Id` or made, logged as `correlationId` on every line through the request's child
 * logger. `LOG_LEVEL` (default info); `REQUEST_LOG_SAMPLE`, the share of requests whose
 * "incoming request" / "request completed" lines are written (default 0.01 when NODE_ENV is
 * production, else 1). Errors are logged whatever the sample.
 */
export function serviceLogging(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
  destination?: { write(line: string): void },
): ServiceLogging {
  const share = Number(env['REQUEST_LOG_SAMPLE'] ?? (env['NODE_ENV'] === 'production' ? 0.01 : 1));
  return {
    logger: {
      level: env['LOG_LEVEL'] ?? 'info',
      base: { service },
      ...(destination === undefined ? {} : { stream: destination }),
    },
    requestIdHeader: correlationHeader,
    genReqId: () => randomUUID(),
    logController: new LogController({
      requestIdLogLabel: 'correlationId',
      disableRequestLogging: (request: { id: string }) => !sampled(request.id, share),
    }),
  };
}
