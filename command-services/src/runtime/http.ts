import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Type, type TProperties, type TString } from 'typebox';
import { errorResponses, Nullable } from '@engage/auth';
import type { CommandRequest } from './command-bus.ts';
import { DomainError } from './decider.ts';

/** What every command answers: `{ id, version, position }`. */
export const CommandAnswer = Type.Object(
  {
    id: Type.String({ description: 'the aggregate' }),
    version: Type.Integer({ description: 'its version after this command' }),
    position: Nullable(
      Type.String({ description: 'topic:partition:offset of its last event, for ?consistentWith=' }),
    ),
  },
  { additionalProperties: false },
);

/** A command's answer with more fields (the id of a comment made, a membership). */
export const commandAnswerWith = <Extra extends TProperties>(extra: Extra) =>
  Type.Object({ ...CommandAnswer.properties, ...extra }, { additionalProperties: false });

/**
 * What a command route can answer besides its success: 400 (malformed), 401, 403, 404 (unknown
 * aggregate), 409 (version conflict or a broken rule), 413 and 415 (a body too large or not JSON),
 * 421 (owner moved), 422 (Idempotency-Key reused), 500, and 503 (not ready: a rebalance, or still
 * starting).
 */
export const commandErrors = errorResponses(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 503);

/** The request headers a command reads. */
export const commandHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({ description: 'the version you last saw: the command is conditional' }),
  ),
  'idempotency-key': Type.Optional(
    Type.String({ description: '8-200 characters (a UUID): a retry gets the first answer, appends nothing' }),
  ),
  'x-correlation-id': Type.Optional(Type.String({ description: 'carried into the events metadata' })),
});

/** Path parameters by name, with the most characters each may have; all are required. */
export function pathParams<Name extends string>(lengths: Readonly<Record<Name, number>>) {
  const names = Object.keys(lengths) as Name[];
  return Type.Object(
    Object.fromEntries(names.map((name) => [name, Type.String({ maxLength: lengths[name] })])) as {
      [N in Name]: TString;
    },
    { additionalProperties: false },
  );
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
      throw new DomainError('INVALID_IF_MATCH', 'If-Match is the version you last saw, for example "3"');
    }
    expected = version;
  }
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== undefined && (idempotencyKey.length < 8 || idempotencyKey.length > 200)) {
    throw new DomainError(
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key is 8-200 characters, for example a UUID',
    );
  }
  return {
    aggregateId,
    command,
    expectedVersion: expected,
    idempotencyKey,
    actor: request.principal?.sub ?? null,
    // The request id is the correlation id (X-Correlation-Id, or one made): its log lines carry it too.
    correlationId: request.id,
    now: Date.now(),
  };
}
