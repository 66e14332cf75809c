// Helpers for tests and benchmarks: a made-up history, appended as a command service would append it.
import { randomUUID } from 'node:crypto';
import type { EventCodec } from './codec.ts';
import { encodeHeaders, eventHash, genesisHash, type DomainEvent } from './events.ts';
import { ensureTopics, partitionOf, type Kafka } from './kafka.ts';
import { PartitionWriter, type OutgoingRecord } from './writer.ts';

/** A made-up catalog history: `kinds` kudos kinds, each created, then renamed, retired and restored in turn. */
export function catalogHistory(
  kinds: number,
  eventsPerKind: number,
  seed = 'k',
): Array<{ aggregateId: string; event: DomainEvent }> {
  const history: Array<{ aggregateId: string; event: DomainEvent }> = [];
  const at = Date.UTC(2026, 0, 1);
  for (let step = 0; step < eventsPerKind; step += 1) {
    for (let kind = 0; kind < kinds; kind += 1) {
      const kindId = `${seed}-${kind}`;
      const when = at + step * 1000 + kind;
      const event: DomainEvent =
        step === 0
          ? {
              type: 'KudosKindCreated',
              data: {
                kindId,
                name: `Kind ${kind}`,
                description: 'value',
                createdBy: 'admin',
                createdAt: when,
              },
            }
          : step % 5 === 3
            ? { type: 'KudosKindRetired', data: { kindId, retiredBy: 'admin', retiredAt: when } }
            : step % 5 === 4
              ? { type: 'KudosKindRestored', data: { kindId, restoredBy: 'admin', restoredAt: when } }
              : {
                  type: 'KudosKindUpdated',
                  data: {
                    kindId,
                    name: `Kind ${kind} v${step}`,
                    description: `step ${step}`,
                    updatedBy: 'admin',
                    updatedAt: when,
                  },
                };
      history.push({ aggregateId: kindId, event });
    }
  }
  return history;
}

/** Appends a history to a topic as a command service would: versions, hash chain, one writer per partition. */
export async function writeHistory(
  client: Kafka,
  eventCodec: EventCodec,
  topic: string,
  history: ReadonlyArray<{ aggregateId: string; event: DomainEvent }>,
  partitions = 3,
  /** Each aggregate's version and last hash; pass the same map to continue a history in chunks. */
  versions = new Map<string, { version: number; hash: string }>(),
): Promise<void> {
  await ensureTopics(client, [topic], partitions);
  const byPartition = new Map<number, OutgoingRecord[]>();
  for (const { aggregateId, event } of history) {
    const previous = versions.get(aggregateId) ?? { version: 0, hash: genesisHash };
    const metadata = {
      eventId: randomUUID(),
      aggregateId,
      aggregateVersion: previous.version + 1,
      correlationId: randomUUID(),
      causationId: null,
      actor: 'admin',
      occurredAt: Date.UTC(2026, 0, 1),
      prevHash: previous.hash,
      idempotencyKey: null,
    };
    const value = await eventCodec.encode(event.type, event.data);
    versions.set(aggregateId, {
      version: metadata.aggregateVersion,
      hash: eventHash(event.type, metadata, value),
    });
    const partition = partitionOf(topic, aggregateId, partitions);
    const records = byPartition.get(partition) ?? [];
    records.push({ key: aggregateId, value, headers: encodeHeaders(event.type, metadata) });
    byPartition.set(partition, records);
  }
  for (const [partition, records] of byPartition) {
    const writer = await PartitionWriter.open(client, topic, partition);
    for (let start = 0; start < records.length; start += 2000)
      await writer.append(records.slice(start, start + 2000));
    await writer.close();
  }
}
