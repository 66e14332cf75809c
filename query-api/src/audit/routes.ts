import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createKafka, ReadTimeoutError, readToEnd } from '@engage/event-log';
import { ChainChecker } from './chain.ts';
import { decodeCursor, page, type ReadSide } from '../read/read-models.ts';
import { auditEventOf, historyFilter } from './history.ts';
import { SchemaVersions } from './schema-versions.ts';
import { errors, EventsPage, EventsQuery, VerifyQuery, VerifyReport } from './schemas.ts';

export interface AuditRoutesOptions {
  readonly readSide: ReadSide;
  readonly schemaRegistryUrl: string;
  readonly topicPrefix: string;
  readonly kafkaBrokers: readonly string[];
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
};
