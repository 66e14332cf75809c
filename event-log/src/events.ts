import { createHash } from 'node:crypto';
import type { EventDataByType, EventType } from '@engage/schemas';
import type { Position } from './position.ts';

/** A fact as deciders produce it: its type and data, no metadata yet. */
export type DomainEvent = {
  [T in EventType]: { readonly type: T; readonly data: EventDataByType[T] };
}[EventType];

/** What travels in Kafka headers beside each event. */
export interface EventMetadata {
  readonly eventId: string;
  readonly aggregateId: string;
  /** 1 for the aggregate's first event, then +1 per event, with no gaps. */
  readonly aggregateVersion: number;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** The user (or service account) whose command produced it. */
  readonly actor: string | null;
  readonly occurredAt: number;
  /** Hash of the previous event of the same aggregate (the chain auditors verify). */
  readonly prevHash: string;
  /** Set on the first event of a command sent with an Idempotency-Key. */
  readonly idempotencyKey: string | null;
}

/** An event as read back from the log. */
export type RecordedEvent = DomainEvent & {
  readonly metadata: EventMetadata;
  readonly position: Position;
  /** The registry id of the schema it was written with (set on events read from the log). */
  readonly schemaId?: number;
};

/** The previous hash of an aggregate's first event. */
export const genesisHash = '0'.repeat(64);

/** The Kafka header names of the event metadata. */
export const header = {
  eventId: 'event-id',
  eventType: 'event-type',
  aggregateId: 'aggregate-id',
  aggregateVersion: 'aggregate-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  actor: 'actor',
  occurredAt: 'occurred-at',
  prevHash: 'prev-hash',
  idempotencyKey: 'idempotency-key',
} as const;

export type Headers = Record<string, Buffer | string | undefined>;

export function encodeHeaders(type: EventType, metadata: EventMetadata): Record<string, string> {
  const headers: Record<string, string> = {
    [header.eventId]: metadata.eventId,
    [header.eventType]: type,
    [header.aggregateId]: metadata.aggregateId,
    [header.aggregateVersion]: String(metadata.aggregateVersion),
    [header.correlationId]: metadata.correlationId,
    [header.occurredAt]: new Date(metadata.occurredAt).toISOString(),
    [header.prevHash]: metadata.prevHash,
  };
  if (metadata.causationId !== null) headers[header.causationId] = metadata.causationId;
  if (metadata.actor !== null) headers[header.actor] = metadata.actor;
  if (metadata.idempotencyKey !== null) headers[header.idempotencyKey] = metadata.idempotencyKey;
  return headers;
}

function text(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : value.toString();
}

export class MalformedHeadersError extends Error {}

export function decodeHeaders(headers: Headers): { type: EventType; metadata: EventMetadata } {
  const required = (name: string): string => {
    const value = text(headers, name);
    if (value === undefined) throw new MalformedHeadersError(`header ${name} is missing`);
    return value;
  };
  const occurredAt = Date.parse(required(header.occurredAt));
  const aggregateVersion = Number(required(header.aggregateVersion));
  if (!Number.isFinite(occurredAt) || !Number.isInteger(aggregateVersion)) {
    throw new MalformedHeadersError('header occurred-at or aggregate-version is malformed');
  }
  return {
    type: required(header.eventType) as EventType,
    metadata: {
      eventId: required(header.eventId),
      aggregateId: required(header.aggregateId),
      aggregateVersion,
      correlationId: required(header.correlationId),
      causationId: text(headers, header.causationId) ?? null,
      actor: text(headers, header.actor) ?? null,
      occurredAt,
      prevHash: required(header.prevHash),
      idempotencyKey: text(headers, header.idempotencyKey) ?? null,
    },
  };
}

/**
 * The hash of one event, chained to the previous one of its aggregate. It covers the metadata that
 * gives the event its place and the Avro body as stored (without the 5-byte schema-id prefix,
 * which differs between registries), so it can be checked against the log without decoding.
 */
export function eventHash(type: EventType, metadata: EventMetadata, encodedValue: Buffer): string {
  return createHash('sha256')
    .update(
      [
        metadata.prevHash,
        metadata.eventId,
        type,
        metadata.aggregateId,
        String(metadata.aggregateVersion),
        String(metadata.occurredAt),
        '',
      ].join('\n'),
    )
    .update(encodedValue.subarray(5))
    .digest('hex');
}
