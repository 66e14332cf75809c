import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeCursor, page, type ReadSide } from '../read/read-models.ts';
import { auditEventOf, historyFilter } from './history.ts';
import { SchemaVersions } from './schema-versions.ts';
import { errors, EventsPage, EventsQuery } from './schemas.ts';

export interface AuditRoutesOptions {
  readonly readSide: ReadSide;
  readonly schemaRegistryUrl: string;
  readonly topicPrefix: string;
}

/** The topics the audit log keeps. */
export const auditTopics = ['kudos', 'user-status'] as const;

/** The auditor's routes (permission `audit:read`): history, as-of, export, chain verification. */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, options) => {
  const { readSide, topicPrefix } = options;
  const schemas = new SchemaVersions(options.schemaRegistryUrl);

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
};
