// The HTTP contracts of the auditor routes: TypeBox schemas, the types come from them.
import { Type, type Static } from 'typebox';

/** The error body every route answers with (API.md). */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** The error statuses an auditor route can answer, beside its own. */
export const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  503: ErrorBody,
} as const;

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

export { Instant, Nullable };
