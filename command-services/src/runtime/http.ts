import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CommandRequest } from './command-bus.ts';
import { DomainError } from './decider.ts';

/** What every command answers: `{ id, version, position }`. */
export const commandAnswerSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    position: { type: ['string', 'null'] },
  },
  required: ['id', 'version', 'position'],
} as const;

/** Path parameters by name, with the most characters each may have; all are required. */
export function pathParams<Name extends string>(lengths: Readonly<Record<Name, number>>) {
  const names = Object.keys(lengths) as Name[];
  return {
    type: 'object',
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', maxLength: lengths[name] }])),
    required: names,
  } as const;
}

/** `/:id` of an aggregate. */
export const idParams = pathParams({ id: 100 });

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The id of a new aggregate. With an Idempotency-Key it is derived from the caller and the key, so
 * a retried create lands on the same aggregate and gets the first answer back.
 */
export function newAggregateId(request: FastifyRequest): string {
  const key = header(request, 'idempotency-key');
  if (key === undefined) return randomUUID();
  const hex = createHash('sha256')
    .update(`${request.principal?.sub ?? ''}\u0000${key}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A command from an HTTP request: the caller, correlation id, If-Match / expectedVersion and Idempotency-Key. */
export function commandRequest<Command>(
  request: FastifyRequest,
  aggregateId: string,
  command: Command,
  expectedVersion?: number,
): CommandRequest<Command> {
  const ifMatch = header(request, 'if-match');
  let expected = expectedVersion;
  if (ifMatch !== undefined) {
    const version = Number(ifMatch.replaceAll('"', '').replace(/^W\//, ''));
    if (!Number.isInteger(version) || version < 0) {
      throw new DomainError('INVALID_IF_MATCH', 'If-Match is the version you last saw, for example "3"', 400);
    }
    expected = version;
  }
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== undefined && (idempotencyKey.length < 8 || idempotencyKey.length > 200)) {
    throw new DomainError(
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key is 8-200 characters, for example a UUID',
      400,
    );
  }
  return {
    aggregateId,
    command,
    expectedVersion: expected,
    idempotencyKey,
    actor: request.principal?.sub ?? null,
    correlationId: header(request, 'x-correlation-id') ?? randomUUID(),
    now: Date.now(),
  };
}
