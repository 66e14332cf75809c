import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Nullable } from '@engage/auth';
import type { CommandBus } from '../runtime/command-bus.ts';
import { CommandAnswer, commandErrors } from '../runtime/http.ts';
import { internalTokenHeader } from './forwarder.ts';

export interface InternalRoutesOptions {
  readonly buses: ReadonlyMap<string, CommandBus<unknown, unknown>>;
  readonly internalToken: string;
}

/** A command request as one instance hands it to the owner of its aggregate. */
const ForwardedCommand = Type.Object(
  {
    aggregateId: Type.String({ minLength: 1, maxLength: 200 }),
    command: Type.Object({ type: Type.String() }, { additionalProperties: true }),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
    idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    actor: Nullable(Type.String()),
    correlationId: Type.String(),
    causationId: Type.Optional(Nullable(Type.String())),
    now: Type.Integer(),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

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
export async function internalRoutes(base: FastifyInstance, options: InternalRoutesOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/internal/commands/:topic',
    {
      schema: {
        params: Type.Object({ topic: Type.String() }),
        querystring: Type.Object({ forwarded: Type.Optional(Type.String()) }),
        body: ForwardedCommand,
        response: { 200: CommandAnswer, ...commandErrors },
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
  app.get(
    '/internal/ownership',
    {
      schema: {
        response: {
          200: Type.Record(Type.String(), Type.Array(Type.Integer()), {
            description: 'per topic, the partitions owned and hydrated here',
          }),
          ...errorResponses(401, 500),
        },
      },
    },
    async (request, reply) => {
      if (!sameToken(request.headers[internalTokenHeader] as string | undefined, options.internalToken)) {
        return reply.code(401).send({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'internal route' });
      }
      return Object.fromEntries([...options.buses].map(([topic, bus]) => [topic, bus.readyPartitions()]));
    },
  );
}
