// The HTTP contracts of the auditor routes: TypeBox schemas, the types come from them.
import { Type, type Static } from 'typebox';
import { errorResponses, ErrorResponse } from '@engage/auth';
import { topics } from '@engage/schemas';

/** The error body every route answers with (API.md). */
export const ErrorBody = ErrorResponse;

/** The error statuses an auditor route can answer, beside its own. */
export const errors = errorResponses(400, 401, 403, 500, 503);

const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** The filters the history and its export share. */
export const historyFilters = {
  aggregate: Type.Optional(Type.String({ maxLength: 100, description: 'aggregate id' })),
  type: Type.Optional(Type.String({ maxLength: 60, description: 'event type, for example KudosGiven' })),
  actor: Type.Optional(Type.String({ maxLength: 100, description: 'the user whose command wrote it' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'occurred at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'occurred before' })),
};

export const EventsQuery = Type.Object(
  {
    ...historyFilters,
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    consistentWith: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type EventsQuery = Static<typeof EventsQuery>;

/** The registry subject and version of the schema an event was written with. */
export const SchemaRef = Type.Object(
  { id: Type.Integer(), subject: Type.String(), version: Type.Integer() },
  { additionalProperties: false },
);

/** One event of the audit log, as it stands in Kafka. */
export const AuditEvent = Type.Object(
  {
    position: Type.String({ description: 'topic:partition:offset in Kafka' }),
    topic: Type.String(),
    partition: Type.Integer(),
    offset: Type.Integer(),
    eventId: Type.String(),
    type: Type.String(),
    aggregateId: Type.String(),
    version: Type.Integer({ description: 'the aggregate version it made' }),
    occurredAt: Instant,
    actor: Nullable(Type.String()),
    correlationId: Type.String(),
    causationId: Nullable(Type.String()),
    prevHash: Type.String({ description: 'hash of the previous event of the same aggregate' }),
    schema: Nullable(SchemaRef),
    data: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const EventsPage = Type.Object(
  { items: Type.Array(AuditEvent), next: Nullable(Type.String()) },
  { additionalProperties: false },
);

const Link = Type.Object(
  {
    position: Type.String({ description: 'where the broken link is' }),
    aggregateId: Type.String(),
    version: Type.Integer(),
    expectedPrevHash: Type.String({ description: 'the hash of the previous event as stored now' }),
    foundPrevHash: Type.String({ description: 'the previous hash this event records' }),
    previousPosition: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

export const VerifyQuery = Type.Object(
  {
    aggregate: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    topic: Type.Optional(Type.Union(topics.map((topic) => Type.Literal(topic)))),
    consistentWith: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'taken as on every read; the log is read to its end at the call, which holds it',
      }),
    ),
  },
  { additionalProperties: false },
);

export const VerifyReport = Type.Object(
  {
    holds: Type.Boolean({ description: 'every chain and version sequence checked is whole' }),
    topics: Type.Array(Type.String()),
    aggregate: Nullable(Type.String()),
    checked: Type.Integer({ description: 'events checked' }),
    aggregates: Type.Integer(),
    firstBrokenLink: Nullable(Link),
    brokenLinks: Type.Array(Link),
    missingVersions: Type.Array(
      Type.Object(
        { aggregateId: Type.String(), versions: Type.Array(Type.Integer()) },
        { additionalProperties: false },
      ),
    ),
    reordered: Type.Array(
      Type.Object(
        {
          aggregateId: Type.String(),
          position: Type.String(),
          version: Type.Integer(),
          after: Type.Integer({ description: 'the highest version seen before it' }),
        },
        { additionalProperties: false },
      ),
    ),
    unreadable: Type.Array(
      Type.Object({ position: Type.String(), reason: Type.String() }, { additionalProperties: false }),
    ),
    readTo: Type.Record(Type.String(), Type.Integer(), {
      description: 'per topic:partition, the offset the read stopped before',
    }),
  },
  { additionalProperties: false },
);

export const UserAsOfParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const UserAsOfQuery = Type.Object(
  {
    asOf: Type.Optional(
      Type.String({ format: 'date-time', description: 'the instant the answer is about (default now)' }),
    ),
    knownAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'answer with what had been recorded by then (default: everything recorded)',
      }),
    ),
    consistentWith: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const KudosAsOf = Type.Object(
  {
    id: Type.String(),
    from: Type.String(),
    to: Type.String(),
    kind: Type.String(),
    reason: Type.String(),
    givenAt: Instant,
    revoked: Type.Boolean(),
    revokedAt: Nullable(Instant),
  },
  { additionalProperties: false },
);

const KudosSide = Type.Object(
  {
    total: Type.Integer({ description: 'not revoked by then' }),
    byKind: Type.Record(Type.String(), Type.Integer()),
    items: Type.Array(KudosAsOf),
  },
  { additionalProperties: false },
);

export const UserAsOf = Type.Object(
  {
    userId: Type.String(),
    asOf: Instant,
    knownAt: Nullable(Instant),
    kudos: Type.Object({ received: KudosSide, given: KudosSide }, { additionalProperties: false }),
    status: Nullable(
      Type.Object(
        {
          status: Type.String(),
          reason: Type.String(),
          effectiveAt: Instant,
          recordedAt: Instant,
          setBy: Type.String(),
          position: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    foldedTo: Type.Record(Type.String(), Type.Integer(), {
      description: 'per topic:partition, the offset the fold stopped before (everything earlier is in it)',
    }),
    eventsRead: Type.Integer(),
  },
  { additionalProperties: false },
);

export const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('ndjson'), Type.Literal('csv')], { default: 'ndjson' }),
    ...historyFilters,
    consistentWith: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ExportBody = Type.String({
  description:
    'NDJSON (one event a line, as in /audit/events) or RFC 4180 CSV (a header line, then one record per event); the last line is the signed trailer: count, SHA-256 of every byte before it, and an ES256 JWS over them verifiable with /auth/jwks.json.',
});

export { Instant, Nullable };
