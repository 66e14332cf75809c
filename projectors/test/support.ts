import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { createKafka, EventCodec, type Kafka } from '@engage/event-log';

export { catalogHistory, writeHistory } from '@engage/event-log/testing';
import { lagOf } from '../src/runtime/lag.ts';
import type { Projector } from '../src/runtime/projector.ts';

export const newPrefix = (): string => `p${randomUUID().slice(0, 8)}-`;
export const kafka = (): Kafka =>
  createKafka(process.env['KAFKA_BROKERS'] ?? '', `projector-test-${randomUUID().slice(0, 6)}`);
export const codec = (): Promise<EventCodec> => EventCodec.create(process.env['SCHEMA_REGISTRY_URL'] ?? '');
export const connect = (database: string): Promise<mongoose.Connection> =>
  mongoose.createConnection(process.env['MONGO_URL'] ?? '', { dbName: database }).asPromise();

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
    const { _rev: _ignored, _epoch: _alsoIgnored, ...rest } = doc;
    return rest;
  });
}
