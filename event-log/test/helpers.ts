import { randomUUID } from 'node:crypto';
import type { EventType } from '@engage/schemas';
import { encodeHeaders, eventHash, genesisHash, type EventMetadata } from '../src/events.ts';
import type { EventCodec } from '../src/codec.ts';
import type { OutgoingRecord } from '../src/writer.ts';

export const brokers = (): string => process.env['KAFKA_BROKERS'] ?? '';
export const registryUrl = (): string => process.env['SCHEMA_REGISTRY_URL'] ?? '';
export const uniqueTopic = (name: string): string => `${name}-${randomUUID().slice(0, 8)}`;

/** A KudosKindCreated record for aggregate `kindId`, chained to `prevHash`. */
export async function kudosKindRecord(
  codec: EventCodec,
  kindId: string,
  version: number,
  prevHash = genesisHash,
): Promise<{ record: OutgoingRecord; hash: string; metadata: EventMetadata }> {
  const type: EventType = 'KudosKindCreated';
  const occurredAt = Date.UTC(2026, 10, 24, 12, 0, version);
  const value = await codec.encode(type, {
    kindId,
    name: `Kind ${version}`,
    description: 'Going the extra mile',
    createdBy: 'admin',
    createdAt: occurredAt,
  });
  const metadata: EventMetadata = {
    eventId: randomUUID(),
    aggregateId: kindId,
    aggregateVersion: version,
    correlationId: randomUUID(),
    causationId: null,
    actor: 'admin',
    occurredAt,
    prevHash,
    idempotencyKey: null,
  };
  return {
    record: { key: kindId, value, headers: encodeHeaders(type, metadata) },
    hash: eventHash(type, metadata, value),
    metadata,
  };
}
