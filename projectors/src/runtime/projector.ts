import type mongoose from 'mongoose';
import {
  DeadLetterWriter,
  ensureTopics,
  isPoison,
  partitionKey,
  readEvent,
  startConsumer,
  type ConsumedBatch,
  type Kafka,
  type LogConsumer,
  type EventCodec,
  type RawRecord,
  type RecordedEvent,
} from '@engage/event-log';
import { advanceCheckpoint, readCheckpoint } from './checkpoints.ts';
import { recordDeadLetters } from './dead-letters.ts';
import { recordApplied, recordDeadLettered } from './metrics.ts';
import {
  collectionOf,
  projectionKey,
  type Bookkeeping,
  type Projection,
  type ReadModel,
} from './projection.ts';

export interface ProjectorOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly db: mongoose.Connection;
  readonly projection: Projection;
  /** Put in front of every topic and group name (deployments or test runs sharing a cluster). */
  readonly topicPrefix?: string;
  readonly sessionTimeoutMs?: number;
  /** Bytes fetched per partition and batch (default 16 MiB: large batches write each document once). */
  readonly maxBytesPerPartition?: number;
  /** The consumer group; by default one per projection version (`<prefix>projection-<name>@<version>`). */
  readonly groupId?: string;
  readonly log?: (line: string) => void;
}

type Stored = ReadModel & Bookkeeping;

interface Working {
  doc: ReadModel | null;
  applied: Record<string, number>;
  readonly rev: number | undefined;
  readonly existed: boolean;
  changed: boolean;
}

interface Letter {
  readonly record: RawRecord;
  readonly topic: string;
  readonly partition: number;
  readonly reason: string;
}

/** A stored document without the runtime's fields: what `evolve` sees. */
export const withoutBookkeeping = (doc: Stored): ReadModel => {
  const { _applied: _a, _rev: _r, ...rest } = doc;
  return rest;
};

/**
 * Runs one projection: reads its topics batch by batch and applies each batch to its collection with
 * one unordered bulkWrite. Every document records the last offset applied per partition, so an event
 * applied twice changes nothing, and a projector killed at any point ends, after restarting from its
 * checkpoint, exactly where an uninterrupted one does. A record it cannot decode, or whose evolve
 * throws, goes to the dead-letter topic and the rest keep flowing.
 */
export class Projector {
  private readonly options: ProjectorOptions;
  private consumer: LogConsumer | undefined;
  private deadLetters: DeadLetterWriter | undefined;
  /** Events applied since start (poison excluded). */
  applied = 0;

  constructor(options: ProjectorOptions) {
    this.options = options;
  }

  get key(): string {
    return projectionKey(this.options.projection);
  }

  get collectionName(): string {
    return collectionOf(this.options.projection);
  }

  get topics(): string[] {
    return this.options.projection.topics.map((topic) => `${this.options.topicPrefix ?? ''}${topic}`);
  }

  get deadLetterTopic(): string {
    return `${this.options.topicPrefix ?? ''}dead-letters`;
  }

  private get collection() {
    return this.options.db.collection<Stored>(this.collectionName);
  }

  async start(): Promise<void> {
    const { kafka, projection, db } = this.options;
    await ensureTopics(kafka, [...this.topics, this.deadLetterTopic]);
    // The guarded write's filter ({ _id, _rev }) is answered from this index (MongoDB could use _id
    // alone; the stand-in needs an index whose keys match the filter exactly).
    await this.collection.createIndex({ _id: 1, _rev: 1 }, { unique: true, name: 'write_guard' });
    for (const index of projection.indexes ?? []) {
      await this.collection.createIndex(index.key, { unique: index.unique ?? false });
    }
    this.deadLetters = await DeadLetterWriter.open(kafka, this.deadLetterTopic);
    this.consumer = await startConsumer(kafka, {
      groupId: this.options.groupId ?? `${this.options.topicPrefix ?? ''}projection-${this.key}`,
      topics: this.topics,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      partitionsConsumedConcurrently: 8,
      // Large fetches make large batches: a document touched by many events is written once per batch.
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 16 * 1024 * 1024,
      startAt: async (topic, partition) =>
        (await readCheckpoint(db, this.key))[partitionKey(topic, partition)],
      onBatch: (batch) => this.applyBatch(batch),
      // Batches of only transaction markers never reach onBatch; their progress still counts.
      onProgress: (topic, partition, next) => this.noteProgress(partitionKey(topic, partition), next),
    });
  }

  private readonly checkpointed = new Map<string, number>();
  private checkpointWrites: Promise<void> = Promise.resolve();

  private noteProgress(partition: string, next: number): void {
    if ((this.checkpointed.get(partition) ?? 0) >= next) return;
    this.checkpointed.set(partition, next);
    this.checkpointWrites = this.checkpointWrites
      .then(() => advanceCheckpoint(this.options.db, this.key, { [partition]: next }))
      .catch((error: unknown) => this.log(`checkpoint of ${partition} not saved: ${String(error)}`));
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.checkpointWrites;
    await this.deadLetters?.close();
  }

  private async applyBatch(batch: ConsumedBatch): Promise<void> {
    if (batch.records.length === 0) return;
    const letters: Letter[] = [];
    const events: RecordedEvent[] = [];
    for (const record of batch.records) {
      const event = await readEvent(this.options.codec, batch.topic, batch.partition, record);
      if (isPoison(event))
        letters.push({ record, topic: batch.topic, partition: batch.partition, reason: event.error.message });
      else events.push(event);
    }
    const records = new Map(batch.records.map((record) => [record.offset, record]));
    await this.applyEvents(events, (event, reason) => {
      const record = records.get(event.position.offset);
      if (record) letters.push({ record, topic: batch.topic, partition: batch.partition, reason });
    });
    if (letters.length > 0) {
      await this.deadLetters?.send(
        letters.map((letter) => ({
          source: { topic: letter.topic, partition: letter.partition, offset: letter.record.offset },
          key: letter.record.key,
          value: letter.record.value,
          headers: letter.record.headers,
          reader: this.key,
          reason: letter.reason,
        })),
      );
      this.log(
        `${letters.length} record(s) of ${batch.topic}:${batch.partition} sent to ${this.deadLetterTopic}`,
      );
      recordDeadLettered(this.key, batch.topic, letters.length);
      await recordDeadLetters(
        this.options.db,
        letters.map((letter) => ({
          projection: this.options.projection.name,
          reader: this.key,
          topic: letter.topic,
          partition: letter.partition,
          offset: letter.record.offset,
          key: letter.record.key,
          reason: letter.reason,
        })),
      );
    }
    const last = batch.records.at(-1)?.offset ?? 0;
    const partition = partitionKey(batch.topic, batch.partition);
    await advanceCheckpoint(this.options.db, this.key, { [partition]: last + 1 });
    this.checkpointed.set(partition, Math.max(this.checkpointed.get(partition) ?? 0, last + 1));
    recordApplied(this.key, batch, last, events.at(-1)?.metadata.occurredAt);
  }

  /** Folds the events into their documents and writes the changed ones, retrying if another writer raced us. */
  private async applyEvents(
    events: readonly RecordedEvent[],
    poison: (event: RecordedEvent, reason: string) => void,
  ): Promise<void> {
    const { projection } = this.options;
    const idsOf = new Map<RecordedEvent, readonly string[]>();
    for (const event of events) {
      try {
        idsOf.set(event, projection.documentIds(event));
      } catch (error) {
        poison(event, `documentIds threw: ${String(error)}`);
      }
    }
    const ids = [...new Set([...idsOf.values()].flat())];
    if (ids.length === 0) return;
    const failed = new Set<RecordedEvent>();
    for (let attempt = 1; ; attempt += 1) {
      const loaded = await this.collection.find({ _id: { $in: ids } }).toArray();
      const working = new Map<string, Working>(
        ids.map((id) => [id, { doc: null, applied: {}, rev: undefined, existed: false, changed: false }]),
      );
      for (const doc of loaded) {
        working.set(doc._id, {
          doc: withoutBookkeeping(doc),
          applied: doc._applied ?? {},
          rev: doc._rev,
          existed: true,
          changed: false,
        });
      }
      let applied = 0;
      for (const [event, eventIds] of idsOf) {
        if (failed.has(event)) continue;
        const at = partitionKey(event.position.topic, event.position.partition);
        const next = new Map<string, ReadModel | null>();
        try {
          for (const id of eventIds) {
            const entry = working.get(id) as Working;
            if ((entry.applied[at] ?? -1) >= event.position.offset) continue;
            next.set(id, projection.evolve(entry.doc, event, id));
          }
        } catch (error) {
          failed.add(event);
          poison(event, `evolve threw: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        for (const [id, doc] of next) {
          const entry = working.get(id) as Working;
          entry.doc = doc;
          entry.applied = { ...entry.applied, [at]: event.position.offset };
          entry.changed = true;
        }
        if (next.size > 0) applied += 1;
      }
      const operations = [...working.entries()]
        .filter(([, entry]) => entry.changed && (entry.doc !== null || entry.existed))
        .map(([id, entry]) => {
          const replacement = {
            ...entry.doc,
            _id: id,
            _applied: entry.applied,
            _rev: (entry.rev ?? 0) + 1,
          } as Stored;
          // A new document is inserted (a duplicate key means another writer got there first); an
          // existing one is replaced or deleted only if nobody wrote it since we loaded it.
          if (!entry.existed) return { insertOne: { document: replacement } };
          const guard = { _id: id, _rev: entry.rev };
          if (entry.doc === null) return { deleteOne: { filter: guard } };
          return { replaceOne: { filter: guard, replacement } };
        });
      if (operations.length === 0) return;
      const outcome = await this.collection.bulkWrite(operations as never, { ordered: false }).then(
        (result) => ({ done: result.matchedCount + result.insertedCount + result.deletedCount, errors: 0 }),
        (error: { result?: unknown; writeErrors?: unknown }) => {
          // Only write errors (a lost race: duplicate key) are retried; a broken connection fails the batch.
          if (error.result === undefined || error.writeErrors === undefined) throw error;
          return { done: 0, errors: 1 };
        },
      );
      if (outcome.done === operations.length && outcome.errors === 0) {
        this.applied += applied;
        return;
      }
      // Another instance wrote some of these documents meanwhile (a rebalance overlap): reload and
      // apply again; the per-partition offsets in each document make that idempotent.
      if (attempt >= 10)
        throw new Error(
          `${this.key}: documents kept changing under a batch; giving up after ${attempt} attempts`,
        );
    }
  }

  private log(line: string): void {
    (this.options.log ?? ((message: string) => process.stderr.write(`projector: ${message}\n`)))(line);
  }
}
