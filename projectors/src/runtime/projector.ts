import { setTimeout as sleep } from 'node:timers/promises';
import type mongoose from 'mongoose';
import {
  DeadLetterWriter,
  eventHeader,
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
import { advanceCheckpoint, loadCheckpoint, openCheckpoint } from './checkpoints.ts';
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
  /** How often an idle projector checks that its store still holds its checkpoint (default 2 s). */
  readonly storeCheckMs?: number;
  /** Where its lines go; `fields` (a correlation id, a position) are for structured loggers. */
  readonly log?: (line: string, fields?: Readonly<Record<string, unknown>>) => void;
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
  const { _applied: _a, _rev: _r, _epoch: _e, ...rest } = doc;
  return rest;
};

/**
 * Runs one projection: reads its topics batch by batch and applies each batch to its collection with
 * one unordered bulkWrite. Every document records the last offset applied per partition, so an event
 * applied twice changes nothing, and a projector killed at any point ends, after restarting from its
 * checkpoint, exactly where an uninterrupted one does. A record it cannot decode, or whose evolve
 * throws, goes to the dead-letter topic and the rest keep flowing.
 *
 * The read model is disposable, so the projector never trusts its own memory over the store: before
 * each batch, every few seconds when idle, and with every checkpoint write, it checks that the store
 * still holds the checkpoint it last wrote. When the store was lost (the stand-in restarted) or
 * rolled back (a restore), it stops consuming and starts again from the checkpoint the store holds,
 * from the beginning under a new epoch when there is none, so the read model heals by itself.
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
    const { kafka } = this.options;
    await ensureTopics(kafka, [...this.topics, this.deadLetterTopic]);
    this.deadLetters = await DeadLetterWriter.open(kafka, this.deadLetterTopic);
    await this.openStore();
    this.consumer = await this.consume();
    this.watchdog = setInterval(() => void this.checkStore(), this.options.storeCheckMs ?? 2_000);
    this.watchdog.unref();
  }

  /** The checkpoint this projector applies on top of: its epoch, and where each partition stood. */
  private epoch = '';
  private held: Record<string, number> = {};
  private watchdog: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private stopped = false;

  /** Indexes (a lost store lost them too) and the checkpoint this projector applies on top of. */
  private async openStore(): Promise<void> {
    // The guarded write's filter ({ _id, _rev }) is answered from this index (MongoDB could use _id
    // alone; the stand-in needs an index whose keys match the filter exactly).
    await this.collection.createIndex({ _id: 1, _rev: 1 }, { unique: true, name: 'write_guard' });
    for (const index of this.options.projection.indexes ?? []) {
      await this.collection.createIndex(index.key, { unique: index.unique ?? false });
    }
    const checkpoint = await openCheckpoint(this.options.db, this.key);
    this.epoch = checkpoint.epoch;
    this.held = { ...checkpoint.positions };
  }

  private consume(): Promise<LogConsumer> {
    const { kafka, db } = this.options;
    return startConsumer(kafka, {
      groupId: this.options.groupId ?? `${this.options.topicPrefix ?? ''}projection-${this.key}`,
      topics: this.topics,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      partitionsConsumedConcurrently: 8,
      // Large fetches make large batches: a document touched by many events is written once per batch.
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 16 * 1024 * 1024,
      startAt: async (topic, partition) =>
        (await loadCheckpoint(db, this.key))?.positions[partitionKey(topic, partition)],
      onBatch: (batch) => this.applyBatch(batch),
      // Batches of only transaction markers never reach onBatch; their progress still counts.
      onProgress: (topic, partition, next) => this.noteProgress(partitionKey(topic, partition), next),
    });
  }

  private checkpointWrites: Promise<void> = Promise.resolve();

  private noteProgress(partition: string, next: number): void {
    if (this.restarting || (this.held[partition] ?? 0) >= next) return;
    const epoch = this.epoch;
    this.checkpointWrites = this.checkpointWrites
      .then(() => this.saveCheckpoint(epoch, partition, next))
      .catch((error: unknown) => this.log(`checkpoint of ${partition} not saved: ${String(error)}`));
  }

  /** Records progress in the store it was made in; a store that no longer backs it sets off a restart. */
  private async saveCheckpoint(epoch: string, partition: string, next: number): Promise<void> {
    if (this.restarting || epoch !== this.epoch) return;
    if (await advanceCheckpoint(this.options.db, this.key, epoch, { [partition]: next }, this.held)) {
      if (epoch === this.epoch) this.held[partition] = Math.max(this.held[partition] ?? 0, next);
    } else {
      void this.restart('the store no longer holds the checkpoint this batch was applied on');
    }
  }

  /**
   * Why the store cannot back what this projector applied, or undefined when it can. What was
   * applied is taken before the store is read: a checkpoint written meanwhile cannot look like a
   * rollback.
   */
  private async diverged(): Promise<string | undefined> {
    const epoch = this.epoch;
    const held = { ...this.held };
    const checkpoint = await loadCheckpoint(this.options.db, this.key);
    if (checkpoint === undefined) return 'the store holds no checkpoint (lost or restored without it)';
    if (checkpoint.epoch !== epoch) return 'the store was recreated since this projector applied to it';
    for (const [partition, next] of Object.entries(held)) {
      if ((checkpoint.positions[partition] ?? 0) < next)
        return `the store's checkpoint of ${partition} (${checkpoint.positions[partition] ?? 0}) is behind ${next}, the one written (rolled back)`;
    }
    return undefined;
  }

  /** The idle check: a store lost while no event arrives must heal too. */
  private async checkStore(): Promise<void> {
    if (this.restarting || this.stopped) return;
    try {
      const reason = await this.diverged();
      if (reason !== undefined) void this.restart(reason);
    } catch {
      // The store is unreachable: the next check, or the next batch, tells whether it came back whole.
    }
  }

  /**
   * Stops consuming and starts again from the checkpoint the store holds (a new, empty one when it
   * holds none). Runs once at a time; retried until the store answers or the projector is stopped.
   */
  private restart(reason: string): Promise<void> {
    if (this.restarting) return this.restarting;
    this.log(`${this.key}: ${reason}; re-reading from the checkpoint the store holds`);
    this.restarting = (async () => {
      await this.consumer?.stop();
      this.consumer = undefined;
      for (let pause = 250; !this.stopped; pause = Math.min(pause * 2, 5_000)) {
        try {
          await this.openStore();
          this.consumer = await this.consume();
          this.log(`${this.key}: consuming again from ${JSON.stringify(this.held)} (epoch ${this.epoch})`);
          return;
        } catch (error) {
          this.log(`${this.key}: cannot resume yet: ${String(error)}`);
          await this.consumer?.stop().catch(() => undefined);
          this.consumer = undefined;
          await sleep(pause);
        }
      }
    })().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    await this.restarting;
    await this.consumer?.stop();
    await this.checkpointWrites;
    await this.deadLetters?.close();
  }

  private async applyBatch(batch: ConsumedBatch): Promise<void> {
    if (batch.records.length === 0 || this.restarting) return;
    // Apply only on top of the store this projector's checkpoint is in (see the class comment).
    const epoch = this.epoch;
    const reason = await this.diverged();
    if (reason !== undefined) {
      void this.restart(reason);
      return;
    }
    const letters: Letter[] = [];
    const events: RecordedEvent[] = [];
    for (const record of batch.records) {
      const event = await readEvent(this.options.codec, batch.topic, batch.partition, record);
      if (isPoison(event))
        letters.push({ record, topic: batch.topic, partition: batch.partition, reason: event.error.message });
      else events.push(event);
    }
    const records = new Map(batch.records.map((record) => [record.offset, record]));
    await this.applyEvents(epoch, events, (event, reason) => {
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
      for (const letter of letters)
        this.log(`${this.key}: a record sent to ${this.deadLetterTopic}: ${letter.reason}`, {
          correlationId: String(letter.record.headers[eventHeader.correlationId] ?? ''),
          position: `${letter.topic}:${letter.partition}:${letter.record.offset}`,
        });
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
    await this.saveCheckpoint(epoch, partitionKey(batch.topic, batch.partition), last + 1);
    recordApplied(this.key, batch, last, events.at(-1)?.metadata.occurredAt);
  }

  /** Folds the events into their documents and writes the changed ones, retrying if another writer raced us. */
  private async applyEvents(
    epoch: string,
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
        // A document of another epoch was written into a store since lost: it counts as absent.
        const current = (doc._epoch ?? '') === epoch;
        working.set(doc._id, {
          doc: current ? withoutBookkeeping(doc) : null,
          applied: current ? (doc._applied ?? {}) : {},
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
            _epoch: epoch,
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

  private log(line: string, fields?: Readonly<Record<string, unknown>>): void {
    if (this.options.log !== undefined) this.options.log(line, fields);
    else process.stderr.write(`projector: ${line}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
  }
}
