import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CommandBus, CommandRequest } from '../runtime/command-bus.ts';
import { internalTokenHeader } from './forwarder.ts';

export interface InternalRoutesOptions {
  readonly buses: ReadonlyMap<string, CommandBus<unknown, unknown>>;
  readonly internalToken: string;
}

const requestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['aggregateId', 'command', 'actor', 'correlationId', 'now'],
  properties: {
    aggregateId: { type: 'string', minLength: 1, maxLength: 200 },
    command: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
    expectedVersion: { type: 'integer', minimum: 0 },
    idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 },
    actor: { type: ['string', 'null'] },
    correlationId: { type: 'string' },
    causationId: { type: ['string', 'null'] },
    now: { type: 'integer' },
  },
} as const;

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /internal/commands/:topic`: how instances hand commands to the owner of their partition.
 * Not routed by the gateway, and refused without the shared internal token.
 */
export async function internalRoutes(app: FastifyInstance, options: InternalRoutesOptions): Promise<void> {
  app.post<{ Params: { topic: string }; Querystring: { forwarded?: string }; Body: CommandRequest<unknown> }>(
    '/internal/commands/:topic',
    {
      schema: {
        params: { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] },
        querystring: { type: 'object', properties: { forwarded: { type: 'string' } } },
        body: requestSchema,
      },
    },
    async (request, reply) => {
      if (!sameToken(request.headers[internalTokenHeader] as string | undefined, options.internalToken)) {
        return reply.code(401).send({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'internal route' });
      }
      const bus = options.buses.get(request.params.topic);
      if (bus === undefined) {
        return reply.code(404).send({
          statusCode: 404,
          code: 'UNKNOWN_TOPIC',
          message: `no commands for ${request.params.topic}`,
        });
      }
      return bus.handle(request.body, request.query.forwarded === '1');
    },
  );

  /** The partitions of each topic this instance owns and has hydrated (for operators and tests). */
  app.get('/internal/ownership', async (request, reply) => {
    if (!sameToken(request.headers[internalTokenHeader] as string | undefined, options.internalToken)) {
      return reply.code(401).send({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'internal route' });
    }
    return Object.fromEntries([...options.buses].map(([topic, bus]) => [topic, bus.readyPartitions()]));
  });
}
