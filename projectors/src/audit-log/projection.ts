import { formatPosition, type RecordedEvent } from '@engage/event-log';
import type { Projection, ReadModel } from '../runtime/projection.ts';

/** Every kudos and status event as it stands in the log, for auditors. */
export interface AuditLogDocument extends ReadModel {
  readonly _id: string;
  readonly position: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly eventId: string;
  readonly type: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly occurredAt: number;
  readonly actor: string | null;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly prevHash: string;
  /** The registry id of the schema the event was written with (null if not known). */
  readonly schemaId: number | null;
  readonly data: Record<string, unknown>;
}

export const auditLogProjection: Projection<AuditLogDocument> = {
  name: 'audit-log',
  // v2: causation and schema ids, and the indexes the as-of fold reads by.
  version: 2,
  topics: ['kudos', 'user-status'],
  indexes: [
    { key: { aggregateId: 1, version: 1 } },
    { key: { type: 1, occurredAt: 1 } },
    { key: { occurredAt: 1 } },
    { key: { actor: 1, occurredAt: 1 } },
    { key: { 'data.to': 1 } },
    { key: { 'data.userId': 1 } },
  ],

  documentIds(event: RecordedEvent): readonly string[] {
    return [formatPosition(event.position)];
  },

  evolve(_doc, event, id): AuditLogDocument {
    const { topic, partition, offset } = event.position;
    return {
      _id: id,
      position: id,
      topic,
      partition,
      offset,
      eventId: event.metadata.eventId,
      type: event.type,
      aggregateId: event.metadata.aggregateId,
      version: event.metadata.aggregateVersion,
      occurredAt: event.metadata.occurredAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      prevHash: event.metadata.prevHash,
      schemaId: event.schemaId ?? null,
      data: { ...event.data },
    };
  },
};
