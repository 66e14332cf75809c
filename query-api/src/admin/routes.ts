import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type mongoose from 'mongoose';
import { createKafka, endOffsets, EventCodec } from '@engage/event-log';
import {
  cancelRebuild,
  collectionOf,
  DeadLetterRefusedError,
  deadLettersOf,
  DeadLetterStillFailsError,
  NotCaughtUpError,
  projectionKey,
  projections,
  RebuildConflictError,
  rebuildsOf,
  requestRebuild,
  retryDeadLetter,
  shadowDiff,
  switchRebuild,
  type DeadLetterDocument,
  type RebuildDocument,
} from '@engage/projectors';
import { decodeCursor, page } from '../read/read-models.ts';
import { notFound } from '../read/schemas.ts';
import {
  adminErrors,
  adminWriteErrors,
  Conflict,
  DeadLetter,
  DeadLetterPage,
  DeadLetterParams,
  DeadLetterQuery,
  SkipBody,
  ProjectionList,
  ProjectionParams,
  RebuildBody,
  RebuildProgress,
  SwitchAnswer,
} from './schemas.ts';

export interface AdminRoutesOptions {
  readonly db: mongoose.Connection;
  readonly kafkaBrokers: readonly string[];
  readonly topicPrefix: string;
  /** For reading a dead-lettered event again (the codec is made on the first retry). */
  readonly schemaRegistryUrl: string;
}

interface CheckpointDocument {
  _id: string;
  positions: Record<string, number>;
  updatedAt: Date;
}

const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

const conflict = (error: unknown): never => {
  if (error instanceof RebuildConflictError || error instanceof NotCaughtUpError)
    throw Object.assign(error, { statusCode: 409 });
  throw error;
};

/** Projections for admins (`projections:manage`): state and lag, rebuilds with progress and diff, the switch. */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async (app, options) => {
  const { db, topicPrefix } = options;
  const kafka = createKafka(options.kafkaBrokers, 'query-api-admin');
  const activeVersions = db.collection<{ _id: string; active: number }>('projection_versions');
  const checkpoints = db.collection<CheckpointDocument>('projection_checkpoints');

  const known = (name: string) => {
    const projection = projections.find((candidate) => candidate.name === name);
    if (projection === undefined) throw notFound(`projection ${name}`);
    return projection;
  };

  const progressOf = async (rebuild: RebuildDocument) => {
    const elapsed =
      rebuild.startedAt === null ? 0 : ((rebuild.finishedAt ?? Date.now()) - rebuild.startedAt) / 1000;
    const rate = elapsed > 0 ? rebuild.done / elapsed : 0;
    const left = Math.max(0, rebuild.total - rebuild.done);
    const diff =
      rebuild.state === 'ready' || rebuild.state === 'switched'
        ? await shadowDiff(
            db,
            collectionOf({ name: rebuild._id, version: rebuild.fromVersion }),
            collectionOf({ name: rebuild._id, version: rebuild.version }),
          )
        : null;
    return {
      projection: rebuild._id,
      version: rebuild.version,
      fromVersion: rebuild.fromVersion,
      state: rebuild.state,
      autoSwitch: rebuild.autoSwitch,
      requestedBy: rebuild.requestedBy,
      requestedAt: iso(rebuild.requestedAt) ?? '',
      startedAt: iso(rebuild.startedAt),
      finishedAt: iso(rebuild.finishedAt),
      done: rebuild.done,
      total: rebuild.total,
      rate: Math.round(rate * 10) / 10,
      secondsLeft: rebuild.state === 'running' ? (rate > 0 ? Math.ceil(left / rate) : null) : 0,
      error: rebuild.error,
      diff,
    };
  };

  app.get(
    '/admin/projections',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description:
          'Each projection: active version, state, lag in events and seconds, positions, dead letters.',
        response: { 200: ProjectionList, ...adminErrors },
      },
    },
    async () => {
      const admin = kafka.admin();
      await admin.connect();
      const existing = new Set(await admin.listTopics().finally(() => admin.disconnect()));
      const topics = [...new Set(projections.flatMap((projection) => projection.topics))]
        .map((topic) => `${topicPrefix}${topic}`)
        .filter((topic) => existing.has(topic));
      const ends = topics.length === 0 ? new Map<string, number>() : await endOffsets(kafka, topics);
      const [versions, rebuilds] = await Promise.all([
        activeVersions.find({}).toArray(),
        rebuildsOf(db).find({}).toArray(),
      ]);
      const items = [];
      for (const projection of projections) {
        const activeVersion =
          versions.find((version) => version._id === projection.name)?.active ?? projection.version;
        const key = projectionKey({ name: projection.name, version: activeVersion });
        const checkpoint = await checkpoints.findOne({ _id: key });
        const positions = checkpoint?.positions ?? {};
        let events = 0;
        for (const topic of projection.topics)
          for (const [partition, end] of ends)
            if (partition.startsWith(`${topicPrefix}${topic}:`))
              events += Math.max(0, end - (positions[partition] ?? 0));
        const rebuild = rebuilds.find((candidate) => candidate._id === projection.name);
        items.push({
          name: projection.name,
          activeVersion,
          codeVersion: projection.version,
          state:
            rebuild?.state === 'failed'
              ? ('failed' as const)
              : rebuild !== undefined && ['requested', 'running', 'ready'].includes(rebuild.state)
                ? ('rebuilding' as const)
                : ('live' as const),
          lag: {
            events,
            seconds:
              events === 0
                ? 0
                : Math.round((Date.now() - (checkpoint?.updatedAt.getTime() ?? Date.now())) / 100) / 10,
          },
          positions,
          deadLetters: await deadLettersOf(db).countDocuments({ reader: key, state: 'open' }),
          rebuild:
            rebuild === undefined
              ? null
              : { version: rebuild.version, state: rebuild.state, done: rebuild.done, total: rebuild.total },
        });
      }
      return { items };
    },
  );

  app.post(
    '/admin/projections/:name/rebuild',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description:
          'Starts a rebuild into a new version (new collections) while the active version keeps serving; a projectors instance runs it.',
        params: ProjectionParams,
        body: Type.Optional(RebuildBody),
        response: { 202: RebuildProgress, ...adminWriteErrors, ...Conflict },
      },
    },
    async (request, reply) => {
      const projection = known(request.params.name);
      const rebuild = await requestRebuild(db, projection, {
        autoSwitch: request.body?.autoSwitch ?? false,
        requestedBy: request.principal?.sub ?? null,
      }).catch(conflict);
      return reply.code(202).send(await progressOf(rebuild));
    },
  );

  app.get(
    '/admin/projections/:name/rebuild',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description:
          'The latest rebuild: done, total, rate, time left; once caught up, the shadow diff against the version it replaces.',
        params: ProjectionParams,
        response: { 200: RebuildProgress, ...adminErrors },
      },
    },
    async (request) => {
      const projection = known(request.params.name);
      const rebuild = await rebuildsOf(db).findOne({ _id: projection.name });
      if (rebuild === null) throw notFound(`rebuild of ${projection.name}`);
      return progressOf(rebuild);
    },
  );

  app.post(
    '/admin/projections/:name/rebuild/cancel',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description: 'Stops an unfinished rebuild; what it wrote is dropped.',
        params: ProjectionParams,
        response: { 200: RebuildProgress, ...adminWriteErrors, ...Conflict },
      },
    },
    async (request) => {
      const projection = known(request.params.name);
      const current = await rebuildsOf(db).findOne({ _id: projection.name });
      if (current === null) throw notFound(`rebuild of ${projection.name}`);
      const rebuild = (await cancelRebuild(db, projection.name)) ?? current;
      if (!['requested', 'running', 'ready'].includes(current.state) || rebuild.state !== 'cancelled')
        throw Object.assign(
          new Error(`the rebuild of ${projection.name} is ${current.state}: nothing to cancel`),
          { statusCode: 409, code: 'REBUILD_FINISHED' },
        );
      return progressOf(rebuild);
    },
  );

  app.post(
    '/admin/projections/:name/switch',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description: 'Makes a caught-up rebuild the active version, atomically.',
        params: ProjectionParams,
        response: { 200: SwitchAnswer, ...adminWriteErrors, ...Conflict },
      },
    },
    async (request) => {
      const projection = known(request.params.name);
      const rebuild = await switchRebuild(db, projection.name).catch(conflict);
      return { projection: projection.name, activeVersion: rebuild.version };
    },
  );

  /** Dead-letter ids hold `/` and `:`; the API's are base64url, so they fit one path segment. */
  const letterOf = (doc: DeadLetterDocument) => ({
    id: Buffer.from(doc._id).toString('base64url'),
    projection: doc.projection,
    reader: doc.reader,
    position: `${doc.topic}:${doc.partition}:${doc.offset}`,
    key: doc.key,
    reason: doc.reason,
    state: doc.state,
    at: doc.at.toISOString(),
    skipped:
      doc.skipped === undefined
        ? null
        : { by: doc.skipped.by, reason: doc.skipped.reason, at: doc.skipped.at.toISOString() },
    retried: doc.retried === undefined ? null : { by: doc.retried.by, at: doc.retried.at.toISOString() },
  });
  let codec: Promise<EventCodec> | undefined;

  app.get(
    '/admin/dead-letters',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description:
          'The events projections could not apply, newest first, with the error and the original position.',
        querystring: DeadLetterQuery,
        response: { 200: DeadLetterPage, ...adminErrors },
      },
    },
    async (request) => {
      const { projection, state, limit, cursor } = request.query;
      const filter: Record<string, unknown> = {};
      if (projection !== undefined) filter['projection'] = String(projection);
      if (state !== undefined) filter['state'] = String(state);
      if (cursor !== undefined) {
        const after = decodeCursor(cursor);
        const at = new Date(Number(after.value));
        filter['$or'] = [{ at: { $lt: at } }, { at, _id: { $lt: after.id } }];
      }
      const docs = await deadLettersOf(db)
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .limit(limit + 1)
        .toArray();
      const { items, next } = page(
        docs.map((doc) => ({ ...doc, atMs: doc.at.getTime() })),
        limit,
        'atMs',
      );
      return { items: items.map(letterOf), next };
    },
  );

  app.post(
    '/admin/dead-letters/:id/retry',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description:
          'Applies a dead-lettered event again with the code running now, to the active version that could not apply it; 409 DEAD_LETTER_STILL_FAILS (with the new reason) when it still cannot, and the letter stays open.',
        params: DeadLetterParams,
        response: {
          200: Type.Object({ item: DeadLetter }, { additionalProperties: false }),
          ...adminWriteErrors,
          ...Conflict,
        },
      },
    },
    async (request) => {
      const id = Buffer.from(request.params.id, 'base64url').toString();
      codec ??= EventCodec.create(options.schemaRegistryUrl).catch((error: unknown) => {
        codec = undefined;
        throw error;
      });
      const doc = await retryDeadLetter(
        { kafka, codec: () => codec as Promise<EventCodec>, db, projections },
        id,
        request.principal?.sub ?? null,
      ).catch((error: unknown) => {
        if (error instanceof DeadLetterRefusedError || error instanceof DeadLetterStillFailsError)
          throw Object.assign(error, { statusCode: 409 });
        throw error;
      });
      if (doc === null) throw notFound(`dead letter ${request.params.id}`);
      return { item: letterOf(doc) };
    },
  );

  app.post(
    '/admin/dead-letters/:id/skip',
    {
      config: { permission: 'projections:manage' },
      schema: {
        description: 'Leaves a dead letter unapplied for good; who skipped it and why stay recorded.',
        params: DeadLetterParams,
        body: SkipBody,
        response: {
          200: Type.Object({ item: DeadLetter }, { additionalProperties: false }),
          ...adminWriteErrors,
          ...Conflict,
        },
      },
    },
    async (request) => {
      const id = Buffer.from(request.params.id, 'base64url').toString();
      const skipped = await deadLettersOf(db).updateOne(
        { _id: id, state: 'open' },
        {
          $set: {
            state: 'skipped',
            skipped: { by: request.principal?.sub ?? null, reason: request.body.reason, at: new Date() },
          },
        },
      );
      const doc = await deadLettersOf(db).findOne({ _id: id });
      if (doc === null) throw notFound(`dead letter ${request.params.id}`);
      if (skipped.modifiedCount !== 1)
        throw Object.assign(new Error(`dead letter ${request.params.id} is ${doc.state}, not open`), {
          statusCode: 409,
          code: 'DEAD_LETTER_CLOSED',
        });
      return { item: letterOf(doc) };
    },
  );
};
