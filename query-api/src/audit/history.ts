import type { Doc } from '../read/read-models.ts';
import { iso } from '../read/schemas.ts';
import type { AuditEvent } from './schemas.ts';
import type { SchemaVersions } from './schema-versions.ts';

/** The filters of the history and its export, as a read-model filter (never built from raw input). */
export function historyFilter(query: {
  aggregate?: string | undefined;
  type?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.aggregate !== undefined) filter['aggregateId'] = String(query.aggregate);
  if (query.type !== undefined) filter['type'] = String(query.type);
  if (query.actor !== undefined) filter['actor'] = String(query.actor);
  const occurredAt: Record<string, number> = {};
  if (query.from !== undefined) occurredAt['$gte'] = Date.parse(query.from);
  if (query.to !== undefined) occurredAt['$lt'] = Date.parse(query.to);
  if (Object.keys(occurredAt).length > 0) filter['occurredAt'] = occurredAt;
  return filter;
}

/** An audit-log document as auditors see it, with its schema's subject and version. */
export async function auditEventOf(
  doc: Doc,
  schemas: SchemaVersions,
  topicPrefix: string,
): Promise<AuditEvent> {
  const topic = doc['topic'] as string;
  const schemaId = doc['schemaId'] as number | null | undefined;
  return {
    position: doc['position'] as string,
    topic,
    partition: doc['partition'] as number,
    offset: doc['offset'] as number,
    eventId: doc['eventId'] as string,
    type: doc['type'] as string,
    aggregateId: doc['aggregateId'] as string,
    version: doc['version'] as number,
    occurredAt: iso(doc['occurredAt'] as number) ?? '',
    actor: (doc['actor'] as string | null | undefined) ?? null,
    correlationId: doc['correlationId'] as string,
    causationId: (doc['causationId'] as string | null | undefined) ?? null,
    prevHash: doc['prevHash'] as string,
    schema:
      schemaId == null
        ? null
        : await schemas.of(schemaId, topic.startsWith(topicPrefix) ? topic.slice(topicPrefix.length) : topic),
    data: doc['data'] as Record<string, unknown>,
  };
}
