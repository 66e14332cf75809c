// The HTTP contracts of the admin projection routes (TypeBox; the types come from these).
import { Type } from 'typebox';
import { bodyErrors, errorResponses } from '@engage/auth';
import { ErrorBody, Nullable } from '../audit/schemas.ts';

export const adminErrors = errorResponses(400, 401, 403, 404, 500);

/** The admin routes that take a body answer what Fastify refuses of one too. */
export const adminWriteErrors = { ...adminErrors, ...bodyErrors };

const Offsets = Type.Record(Type.String(), Type.Integer(), {
  description: 'per topic:partition, the next offset to apply',
});

export const ProjectionParams = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);

export const RebuildState = Type.Union([
  Type.Literal('requested'),
  Type.Literal('running'),
  Type.Literal('ready'),
  Type.Literal('switched'),
  Type.Literal('cancelled'),
  Type.Literal('failed'),
]);

export const ShadowDiff = Type.Object(
  {
    compared: Type.Integer(),
    added: Type.Integer(),
    removed: Type.Integer(),
    changed: Type.Integer(),
    samples: Type.Object(
      {
        added: Type.Array(Type.String()),
        removed: Type.Array(Type.String()),
        changed: Type.Array(
          Type.Object(
            { id: Type.String(), fields: Type.Array(Type.String()) },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'the rebuilt version against the one it replaces' },
);

export const RebuildProgress = Type.Object(
  {
    projection: Type.String(),
    version: Type.Integer({ description: 'the version being built' }),
    fromVersion: Type.Integer({ description: 'the version active when it was asked for' }),
    state: RebuildState,
    autoSwitch: Type.Boolean(),
    requestedBy: Nullable(Type.String()),
    requestedAt: Type.String({ format: 'date-time' }),
    startedAt: Nullable(Type.String({ format: 'date-time' })),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
    done: Type.Integer({ description: 'log offsets applied' }),
    total: Type.Integer({ description: 'log offsets to apply (the topics’ ends at the last look)' }),
    rate: Type.Number({ description: 'offsets per second since it started' }),
    secondsLeft: Nullable(Type.Number()),
    error: Nullable(Type.String()),
    diff: Nullable(ShadowDiff),
  },
  { additionalProperties: false },
);

export const RebuildBody = Type.Object(
  {
    autoSwitch: Type.Boolean({
      default: false,
      description: 'switch as soon as it has caught up, without POST .../switch',
    }),
  },
  { additionalProperties: false },
);

export const ProjectionStatus = Type.Object(
  {
    name: Type.String(),
    activeVersion: Type.Integer(),
    codeVersion: Type.Integer(),
    state: Type.Union([Type.Literal('live'), Type.Literal('rebuilding'), Type.Literal('failed')]),
    lag: Type.Object(
      {
        events: Type.Integer({ description: 'log offsets not yet applied' }),
        seconds: Type.Number({ description: 'while behind: seconds since it last advanced' }),
      },
      { additionalProperties: false },
    ),
    positions: Offsets,
    deadLetters: Type.Integer({ description: 'open dead letters of the active version' }),
    rebuild: Nullable(
      Type.Object(
        { version: Type.Integer(), state: RebuildState, done: Type.Integer(), total: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ProjectionList = Type.Object(
  { items: Type.Array(ProjectionStatus) },
  { additionalProperties: false },
);

export const SwitchAnswer = Type.Object(
  { projection: Type.String(), activeVersion: Type.Integer() },
  { additionalProperties: false },
);

export const Conflict = { 409: ErrorBody } as const;

export const DeadLetterQuery = Type.Object(
  {
    projection: Type.Optional(Type.String({ maxLength: 60 })),
    state: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('retried'), Type.Literal('skipped')]),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    consistentWith: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'taken as on every read (clients send it after their writes); dead letters are recorded as they happen',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DeadLetter = Type.Object(
  {
    id: Type.String(),
    projection: Type.String(),
    reader: Type.String({ description: 'name@version of the projection that could not apply it' }),
    position: Type.String({ description: 'the original position in the log' }),
    key: Nullable(Type.String()),
    reason: Type.String(),
    state: Type.Union([Type.Literal('open'), Type.Literal('retried'), Type.Literal('skipped')]),
    at: Type.String({ format: 'date-time' }),
    skipped: Nullable(
      Type.Object(
        { by: Nullable(Type.String()), reason: Type.String(), at: Type.String({ format: 'date-time' }) },
        { additionalProperties: false },
      ),
    ),
    retried: Nullable(
      Type.Object(
        { by: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) },
        { additionalProperties: false, description: 'who had it applied again, and when' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DeadLetterPage = Type.Object(
  { items: Type.Array(DeadLetter), next: Nullable(Type.String()) },
  { additionalProperties: false },
);

export const DeadLetterParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 400 }) },
  { additionalProperties: false },
);

export const SkipBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'why it is skipped (kept)' }) },
  { additionalProperties: false },
);
