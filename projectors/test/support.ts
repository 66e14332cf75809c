import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import {
  createKafka,
  encodeHeaders,
  ensureTopics,
  eventHash,
  EventCodec,
  genesisHash,
  partitionOf,
  PartitionWriter,
  type DomainEvent,
  type Kafka,
  type OutgoingRecord,
} from '@engage/event-log';
import { lagOf } from '../src/runtime/lag.ts';
import type { Projector } from '../src/runtime/projector.ts';

export const newPrefix = (): string => `p${randomUUID().slice(0, 8)}-`;
export const kafka = (): Kafka =>
  createKafka(process.env['KAFKA_BROKERS'] ?? '', `projector-test-${randomUUID().slice(0, 6)}`);
export const codec = (): Promise<EventCodec> => EventCodec.create(process.env['SCHEMA_REGISTRY_URL'] ?? '');
export const connect = (database: string): Promise<mongoose.Connection> =>
  mongoose.createConnection(process.env['MONGO_URL'] ?? '', { dbName: database }).asPromise();

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
): Promise<void> {
  await ensureTopics(client, [topic], partitions);
  const versions = new Map<string, { version: number; hash: string }>();
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

/** Waits until a running projector has applied everything in its topics. */
export async function caughtUp(
  client: Kafka,
  db: mongoose.Connection,
  projector: Projector,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { lag } = await lagOf(client, db, projector.key, projector.topics);
    if (lag === 0) return;
    if (Date.now() > deadline) throw new Error(`${projector.key} still ${lag} behind`);
    await sleep(100);
  }
}

/** A collection's documents, sorted, with or without the write counter (which differs between runs). */
export async function documents(
  db: mongoose.Connection,
  collection: string,
  keepRev = false,
): Promise<Array<Record<string, unknown>>> {
  const docs = await db.collection(collection).find({}).sort({ _id: 1 }).toArray();
  return docs.map((doc) => {
    if (keepRev) return doc;
    const { _rev: _ignored, ...rest } = doc;
    return rest;
  });
}
