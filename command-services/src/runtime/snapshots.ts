// Aggregate snapshots in MongoDB. MongoDB rather than a compacted Kafka topic because an evicted
// aggregate is reloaded by its id, one point lookup, while a compacted topic can only be read from
// a partition's start (so reloading one aggregate would mean reading, or keeping, all of them); the
// service already holds a MongoDB connection for ownership and idempotency keys.
import { deserialize, serialize } from 'node:v8';
import type mongoose from 'mongoose';
import type { Position } from '@engage/event-log';

/** An Idempotency-Key's first answer, as the aggregate remembers it. */
export interface RememberedAnswer {
  readonly id: string;
  readonly version: number;
  readonly position: string | null;
}

/** What the command runtime keeps of one aggregate: all a decision needs, the chain head and the keys' answers. */
export interface AggregateRecord<State> {
  readonly state: State;
  readonly version: number;
  /** The hash of the aggregate's last event: the next event's `prev-hash`. */
  readonly lastHash: string;
  readonly lastPosition: Position | null;
  /** Idempotency key → the first answer (shared by the records of one aggregate: answers only grow). */
  readonly answers: Map<string, RememberedAnswer>;
}

export interface SnapshotStore {
  /** The snapshots of these aggregates written by this decider version (others are not trusted). */
  load<State>(aggregateIds: readonly string[]): Promise<Map<string, AggregateRecord<State>>>;
  /** Writes snapshots; one never replaces a later version of the same aggregate. */
  save<State>(partition: number, records: ReadonlyMap<string, AggregateRecord<State>>): Promise<void>;
  /** The offset before which every event of the partition is in a snapshot; 0 when none is known. */
  checkpoint(partition: number): Promise<number>;
  /** Moves the partition's checkpoint forward (never back). */
  advance(partition: number, offset: number): Promise<void>;
}

/** How often aggregates are snapshotted and how many each partition keeps in memory. */
export interface SnapshotSettings {
  readonly snapshotEvery?: number | undefined;
  readonly snapshotIntervalMs?: number | undefined;
  readonly aggregateBudget?: number | undefined;
}

export function snapshotSettingsFromEnv(env: NodeJS.ProcessEnv): SnapshotSettings {
  const number = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new Error(`${name} must be a whole number above 0, not ${value}`);
    return parsed;
  };
  return {
    snapshotEvery: number('SNAPSHOT_EVERY'),
    snapshotIntervalMs: number('SNAPSHOT_INTERVAL_MS'),
    aggregateBudget: number('AGGREGATE_BUDGET'),
  };
}

interface SnapshotDocument {
  _id: string;
  topic: string;
  deciderVersion: number;
  partition: number;
  aggregateId: string;
  version: number;
  /** The record in V8's serialization format, which keeps the Maps and Sets of the states. */
  record: { buffer: Uint8Array } | Uint8Array;
  savedAt: Date;
}

interface CheckpointDocument {
  _id: string;
  offset: number;
  savedAt: Date;
}

const duplicateKey = 11000;

const bytesOf = (record: SnapshotDocument['record']): Uint8Array =>
  record instanceof Uint8Array ? record : record.buffer;

/**
 * Snapshots of one topic's aggregates for one decider version. Documents are keyed by topic,
 * decider version and aggregate, so a snapshot written by an older decider is never read, and a
 * new decider version starts from no checkpoint, that is, from the log's beginning.
 */
export function mongoSnapshotStore(
  connection: mongoose.Connection,
  topic: string,
  deciderVersion: number,
): SnapshotStore {
  const snapshots = connection.collection<SnapshotDocument>('aggregate_snapshots');
  const checkpoints = connection.collection<CheckpointDocument>('aggregate_snapshot_checkpoints');
  const scope = `${topic}@${deciderVersion}`;
  const idOf = (aggregateId: string): string => `${scope}:${aggregateId}`;
  return {
    async load<State>(aggregateIds: readonly string[]) {
      const found = new Map<string, AggregateRecord<State>>();
      if (aggregateIds.length === 0) return found;
      const documents = await snapshots.find({ _id: { $in: aggregateIds.map(idOf) } }).toArray();
      for (const document of documents) {
        if (document.deciderVersion !== deciderVersion || document.topic !== topic) continue;
        found.set(document.aggregateId, deserialize(bytesOf(document.record)) as AggregateRecord<State>);
      }
      return found;
    },
    async save<State>(partition: number, records: ReadonlyMap<string, AggregateRecord<State>>) {
      if (records.size === 0) return;
      const savedAt = new Date();
      const operations = [...records].map(([aggregateId, record]) => ({
        updateOne: {
          filter: { _id: idOf(aggregateId), version: { $lt: record.version } },
          update: {
            $set: {
              topic,
              deciderVersion,
              partition,
              aggregateId,
              version: record.version,
              record: serialize(record),
              savedAt,
            },
          },
          upsert: true,
        },
      }));
      try {
        await snapshots.bulkWrite(operations, { ordered: false });
      } catch (error) {
        // A snapshot already at this version or later: the upsert's insert collides, which is fine.
        const errors = (error as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
        const list = Array.isArray(errors) ? errors : errors === undefined ? [] : [errors];
        if (list.length === 0 || list.some((each) => each.code !== duplicateKey)) throw error;
      }
    },
    async checkpoint(partition) {
      const document = await checkpoints.findOne({ _id: `${scope}:${partition}` });
      return document?.offset ?? 0;
    },
    async advance(partition, offset) {
      await checkpoints.updateOne(
        { _id: `${scope}:${partition}` },
        { $max: { offset }, $set: { savedAt: new Date() } },
        { upsert: true },
      );
    },
  };
}
