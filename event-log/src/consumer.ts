import type { Consumer, Kafka } from 'kafkajs';
import type { Headers } from './events.ts';
import { consumerLagRecords } from './metrics.ts';

/** A record as it came from Kafka, before decoding. */
export interface RawRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Headers;
}

export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  /** The partition's end when this batch was fetched. */
  readonly highWatermark: number;
  readonly records: readonly RawRecord[];
}

export interface LogConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly sessionTimeoutMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  /** Bytes fetched per partition at most (default 4 MiB). */
  readonly maxBytesPerPartition?: number;
  /** The partitions this member was given at each (re)balance, by topic (the first may come before start returns). */
  readonly onAssigned?: (
    assignment: ReadonlyMap<string, readonly number[]>,
    consumer: LogConsumer,
  ) => Promise<void> | void;
  /** Where to start a newly assigned partition; undefined: from the beginning. */
  readonly startAt?: (topic: string, partition: number) => Promise<number | undefined>;
  readonly onBatch: (batch: ConsumedBatch) => Promise<void>;
  /**
   * The next offset to read, after each batch (including batches of only transaction markers or
   * aborted records, which never reach onBatch): how a reader knows it has reached an end.
   */
  readonly onProgress?: (topic: string, partition: number, nextOffset: number) => void;
}

export interface LogConsumer {
  /** Reads the partition from `offset` next (batches already fetched may still arrive). */
  seek(topic: string, partition: number, offset: number): void;
  /** Stops fetching the partition (until resumed), for a reader that must first learn where to start. */
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
  stop(): Promise<void>;
}

/**
 * A consumer-group member that reads committed records only, batch by batch. It never commits
 * offsets to Kafka: each reader keeps its own position (or re-reads, idempotently), so a partition
 * that changes hands starts where its reader says.
 */
export async function startConsumer(kafka: Kafka, options: LogConsumerOptions): Promise<LogConsumer> {
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: Math.max(500, Math.floor((options.sessionTimeoutMs ?? 10_000) / 5)),
    rebalanceTimeout: 20_000,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
    maxBytes: Math.max(10 * 1024 * 1024, 4 * (options.maxBytesPerPartition ?? 0)),
  });
  await consumer.connect();
  // A consumer between runs (restarting after Kafka went away) refuses seeks and pauses: they are
  // dropped, and made again by the reader when the restarted consumer is assigned its partitions.
  const unlessRestarting = (move: () => void) => {
    try {
      move();
    } catch (error) {
      if (!/not initialized/i.test(String(error))) throw error;
    }
  };
  const handle: LogConsumer = {
    seek: (topic, partition, offset) =>
      unlessRestarting(() => consumer.seek({ topic, partition, offset: String(offset) })),
    pause: (topic, partition) => unlessRestarting(() => consumer.pause([{ topic, partitions: [partition] }])),
    resume: (topic, partition) =>
      unlessRestarting(() => consumer.resume([{ topic, partitions: [partition] }])),
    stop: async () => {
      await consumer.disconnect();
    },
  };
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: true });

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const assignment = new Map<string, number[]>();
    for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
      assignment.set(
        topic,
        [...partitions].sort((a, b) => a - b),
      );
    }
    void (async () => {
      if (options.startAt) {
        for (const [topic, partitions] of assignment) {
          for (const partition of partitions) {
            const offset = await options.startAt(topic, partition);
            if (offset !== undefined && offset > 0) handle.seek(topic, partition, offset);
          }
        }
      }
      await options.onAssigned?.(assignment, handle);
    })().catch((error: unknown) =>
      process.stderr.write(`consumer ${options.groupId}: taking its assignment failed: ${String(error)}\n`),
    );
  });

  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const { topic, partition, lastOffset, highWatermark } = event.payload;
    consumerLagRecords.set(
      { group: options.groupId, topic, partition: String(partition) },
      Math.max(0, Number(highWatermark) - Number(lastOffset) - 1),
    );
    options.onProgress?.(topic, partition, Number(lastOffset) + 1);
  });

  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async (payload) => {
      const { batch } = payload;
      await options.onBatch({
        topic: batch.topic,
        partition: batch.partition,
        highWatermark: Number(batch.highWatermark),
        records: batch.messages.map((message) => ({
          offset: Number(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: (message.headers ?? {}) as Headers,
        })),
      });
      await payload.heartbeat();
    },
  });

  return handle;
}
