import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import { signStatement, type KeyStore } from '@engage/auth';
import { createKafka, ReadTimeoutError, readToEnd } from '@engage/event-log';
import { ChainChecker } from './chain.ts';
import { decodeCursor, page, type ReadSide } from '../read/read-models.ts';
import { auditEventOf, historyFilter } from './history.ts';
import { SchemaVersions } from './schema-versions.ts';
import { exportChunks } from './export.ts';
import { userAsOf, type KudosSide, type LoggedFact } from './as-of.ts';
import {
  errors,
  EventsPage,
  EventsQuery,
  ExportBody,
  ExportQuery,
  UserAsOf,
  UserAsOfParams,
  UserAsOfQuery,
  VerifyQuery,
  VerifyReport,
} from './schemas.ts';
import { iso } from '../read/schemas.ts';

export interface AuditRoutesOptions {
  readonly readSide: ReadSide;
  readonly schemaRegistryUrl: string;
  readonly topicPrefix: string;
  readonly kafkaBrokers: readonly string[];
  /** The service's signing keys: an export's trailer is signed with the current one. */
  readonly keys: KeyStore;
}

/** The topics the audit log keeps. */
export const auditTopics = ['kudos', 'user-status'] as const;

/** The auditor's routes (permission `audit:read`): history, as-of, export, chain verification. */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, options) => {
  const { readSide, topicPrefix } = options;
  const schemas = new SchemaVersions(options.schemaRegistryUrl);
  const kafka = createKafka(options.kafkaBrokers, 'query-api-audit');

  app.get(
    '/audit/events',
    {
      config: { permission: 'audit:read' },
      schema: {
        description:
          'The kudos and status history, oldest first, with each event’s Kafka position, schema subject and version, event, correlation and causation ids.',
        querystring: EventsQuery,
        response: { 200: EventsPage, ...errors },
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith } = request.query;
      await readSide.consistentWith('audit-log', auditTopics, consistentWith);
      const filter = historyFilter(request.query);
      if (cursor !== undefined) {
        // Oldest first: the page after a cursor holds what happened after its last event.
        const after = decodeCursor(cursor);
        filter['$or'] = [
          { occurredAt: { $gt: after.value } },
          { occurredAt: after.value, _id: { $gt: after.id } },
        ];
      }
      const docs = await (
        await readSide.collection('audit-log')
      )
        .find(filter)
        .sort({ occurredAt: 1, _id: 1 })
        .limit(limit + 1)
        .toArray();
      const { items, next } = page(docs, limit, 'occurredAt');
      return { items: await Promise.all(items.map((doc) => auditEventOf(doc, schemas, topicPrefix))), next };
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        description:
          'Re-reads the log and checks each aggregate’s hash chain and version sequence: one aggregate (in the audited topics, or in `topic`), or a whole topic.',
        querystring: VerifyQuery,
        response: { 200: VerifyReport, ...errors },
      },
    },
    async (request, reply) => {
      const { aggregate, topic } = request.query;
      if (aggregate === undefined && topic === undefined)
        throw Object.assign(new Error('name an aggregate (?aggregate=) or a topic (?topic=) to verify'), {
          statusCode: 400,
          code: 'INVALID_REQUEST',
          field: 'aggregate',
        });
      const wanted = (topic === undefined ? [...auditTopics] : [topic]).map(
        (name) => `${topicPrefix}${name}`,
      );
      const admin = kafka.admin();
      await admin.connect();
      const existing = new Set(await admin.listTopics().finally(() => admin.disconnect()));
      const names = wanted.filter((name) => existing.has(name));
      const checker = new ChainChecker();
      try {
        const readTo = await readToEnd(
          kafka,
          names,
          (name, partition, record) => {
            if (aggregate !== undefined && record.key !== aggregate) return;
            checker.add({ position: { topic: name, partition, offset: record.offset }, ...record });
          },
          { groupPrefix: `${topicPrefix}audit-verify-`, timeoutMs: 60_000 },
        );
        return {
          topics: wanted,
          aggregate: aggregate ?? null,
          ...checker.report(),
          readTo: Object.fromEntries(readTo),
        };
      } catch (error) {
        if (!(error instanceof ReadTimeoutError)) throw error;
        void reply.header('retry-after', '30');
        throw Object.assign(error, { statusCode: 503, code: 'LOG_READ_TIMEOUT' });
      }
    },
  );

  const isoOf = (instant: number) => iso(instant) ?? '';
  const sideOf = (side: KudosSide) => ({
    total: side.total,
    byKind: side.byKind,
    items: side.items.map((item) => ({
      ...item,
      givenAt: isoOf(item.givenAt),
      revokedAt: item.revokedAt === null ? null : isoOf(item.revokedAt),
    })),
  });

  app.get(
    '/audit/users/:id',
    {
      config: { permission: 'audit:read' },
      schema: {
        description:
          'A person’s kudos received and given and their status as they stood at `asOf`, folded from the audit log (not the live read models); status is bitemporal (`knownAt`).',
        params: UserAsOfParams,
        querystring: UserAsOfQuery,
        response: { 200: UserAsOf, ...errors },
      },
    },
    async (request) => {
      const { asOf: asOfText, knownAt: knownAtText, consistentWith } = request.query;
      const userId = request.params.id;
      await readSide.consistentWith('audit-log', auditTopics, consistentWith);
      const asOf = asOfText === undefined ? Date.now() : Date.parse(asOfText);
      const knownAt = knownAtText === undefined ? undefined : Date.parse(knownAtText);
      // The checkpoint first: every event before it is in the collection, so the fold stops there exactly.
      const foldedTo = await readSide.applied('audit-log');
      const docs = await (
        await readSide.collection('audit-log')
      )
        .find({
          type: { $in: ['KudosGiven', 'KudosRevoked', 'StatusSet'] },
          $or: [{ aggregateId: userId }, { 'data.to': userId }],
        })
        .sort({ topic: 1, partition: 1, offset: 1 })
        .toArray();
      const facts: LoggedFact[] = docs
        .filter(
          (doc) =>
            (doc['offset'] as number) <
            (foldedTo[`${String(doc['topic'])}:${String(doc['partition'])}`] ?? 0),
        )
        .map((doc) => ({
          type: doc['type'] as string,
          position: doc['position'] as string,
          data: doc['data'] as Record<string, unknown>,
        }));
      const folded = userAsOf(userId, facts, asOf, knownAt);
      const status = folded.status;
      return {
        userId,
        asOf: isoOf(asOf),
        knownAt: knownAt === undefined ? null : isoOf(knownAt),
        kudos: { received: sideOf(folded.received), given: sideOf(folded.given) },
        status:
          status === null
            ? null
            : {
                ...status,
                effectiveAt: isoOf(status.effectiveAt),
                recordedAt: isoOf(status.recordedAt),
              },
        foldedTo,
        eventsRead: folded.eventsRead,
      };
    },
  );

  app.get(
    '/audit/export',
    {
      config: { permission: 'audit:read' },
      schema: {
        description:
          'The filtered history, streamed (constant memory), oldest first, ending with a signed trailer (count and SHA-256 of the body).',
        querystring: ExportQuery,
        produces: ['application/x-ndjson', 'text/csv'],
        response: { 200: ExportBody, ...errors },
      },
    },
    async (request, reply) => {
      const { format, consistentWith, ...filters } = request.query;
      await readSide.consistentWith('audit-log', auditTopics, consistentWith);
      // Fetched before the first byte, so a failure is still a status code rather than a cut file.
      const key = await options.keys.current();
      const cursor = (await readSide.collection('audit-log'))
        .find(historyFilter(filters))
        .sort({ occurredAt: 1, _id: 1 })
        .batchSize(500);
      async function* events() {
        for await (const doc of cursor) yield auditEventOf(doc, schemas, topicPrefix);
      }
      const exportedAt = new Date().toISOString();
      const body = Readable.from(
        exportChunks(events(), format, async (summary) =>
          signStatement(key, { typ: 'audit-export', ...summary, filters, exportedAt }),
        ),
      );
      void reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson')
        .header(
          'content-disposition',
          `attachment; filename="audit-${exportedAt.replaceAll(':', '')}.${format}"`,
        );
      // A stream is sent as is (never serialized); the schema's string documents what it carries.
      return reply.send(body as unknown as string);
    },
  );
};
