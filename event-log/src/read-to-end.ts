import { randomUUID } from 'node:crypto';
import { startConsumer, type RawRecord } from './consumer.ts';
import { endOffsets, type Kafka } from './kafka.ts';
import { partitionKey } from './position.ts';

/** Where a one-off read stopped: per `topic:partition`, the next offset it would have read. */
export type ReadExtent = Map<string, number>;

export class ReadTimeoutError extends Error {}

/**
 * Reads every committed record of `topics` from the beginning up to their ends at the call, in log
 * order per partition, handing each to `onRecord`, and resolves once every partition is read. A
 * throwaway consumer group does it (kafkajs cannot read without one); nothing is committed.
 */
export async function readToEnd(
  kafka: Kafka,
  topics: readonly string[],
  onRecord: (topic: string, partition: number, record: RawRecord) => void,
  options: { readonly groupPrefix?: string; readonly timeoutMs?: number } = {},
): Promise<ReadExtent> {
  const ends = await endOffsets(kafka, topics);
  const reached = new Map<string, number>([...ends.keys()].map((key) => [key, 0]));
  const done = () => [...ends].every(([key, end]) => (reached.get(key) ?? 0) >= end);
  if (done()) return reached;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const advance = (topic: string, partition: number, next: number) => {
    const key = partitionKey(topic, partition);
    const end = ends.get(key) ?? 0;
    reached.set(key, Math.max(reached.get(key) ?? 0, Math.min(next, end)));
    if (done()) finish();
  };
  const consumer = await startConsumer(kafka, {
    groupId: `${options.groupPrefix ?? ''}read-${randomUUID()}`,
    topics,
    partitionsConsumedConcurrently: 4,
    onBatch: async (batch) => {
      const key = partitionKey(batch.topic, batch.partition);
      const end = ends.get(key) ?? 0;
      for (const record of batch.records) {
        // Records written after the read began are not part of it.
        if (record.offset >= end) break;
        onRecord(batch.topic, batch.partition, record);
      }
      const last = batch.records.at(-1);
      if (last !== undefined) advance(batch.topic, batch.partition, last.offset + 1);
    },
    onProgress: advance,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      finished,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ReadTimeoutError(`reading ${topics.join(', ')} did not finish in time`)),
          options.timeoutMs ?? 60_000,
        );
      }),
    ]);
    return reached;
  } finally {
    clearTimeout(timer);
    await consumer.stop();
  }
}

/**
 * The one record at `offset` of a partition, or null when the log no longer holds it (compacted,
 * or the offset was a transaction marker). A throwaway group reads from that offset only; the other
 * partitions of the topic start at their ends.
 */
export async function readRecordAt(
  kafka: Kafka,
  topic: string,
  partition: number,
  offset: number,
  options: { readonly groupPrefix?: string; readonly timeoutMs?: number } = {},
): Promise<RawRecord | null> {
  const ends = await endOffsets(kafka, [topic]);
  if (offset >= (ends.get(partitionKey(topic, partition)) ?? 0)) return null;
  let settle: (record: RawRecord | null) => void = () => undefined;
  const found = new Promise<RawRecord | null>((resolve) => {
    settle = resolve;
  });
  const consumer = await startConsumer(kafka, {
    groupId: `${options.groupPrefix ?? ''}read-at-${randomUUID()}`,
    topics: [topic],
    startAt: async (name, at) => (at === partition ? offset : ends.get(partitionKey(name, at))),
    onBatch: async (batch) => {
      if (batch.partition !== partition) return;
      // A batch fetched before the seek took effect starts earlier: what precedes the offset is skipped.
      const record = batch.records.find((candidate) => candidate.offset >= offset);
      if (record !== undefined) settle(record.offset === offset ? record : null);
    },
    onProgress: (_topic, at, next) => {
      if (at === partition && next > offset) settle(null);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      found,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new ReadTimeoutError(`reading ${topic}:${partition}:${offset} did not finish in time`)),
          options.timeoutMs ?? 60_000,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.stop();
  }
}
