import type { Kafka, Producer } from 'kafkajs';
import type { LogHealth } from './health.ts';
import type { Position } from './position.ts';
import { appendBatchRecords, appendSeconds } from './metrics.ts';

export interface OutgoingRecord {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** The writer lost its partition to another instance; nothing it was given was written. */
export class WriterFencedError extends Error {
  constructor(topic: string, partition: number) {
    super(`the writer of ${topic}:${partition} was fenced by a newer owner`);
  }
}

const fencingErrors = new Set([
  'PRODUCER_FENCED',
  'INVALID_PRODUCER_EPOCH',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);

function isFencing(error: unknown): boolean {
  for (let current = error as { type?: string; cause?: unknown } | undefined; current;) {
    if (current.type !== undefined && fencingErrors.has(current.type)) return true;
    current = current.cause as typeof current;
  }
  return false;
}

interface Pending {
  readonly records: readonly OutgoingRecord[];
  readonly resolve: (positions: Position[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The only writer of one partition: a transactional producer whose id is tied to the partition, so
 * opening it fences any earlier owner, and an owner that lost the partition cannot write. Appends
 * that arrive while a transaction is in flight are committed together in the next one (kafkajs
 * does not linger, so batching is done here, on purpose).
 */
export class PartitionWriter {
  private queue: Pending[] = [];
  private flushing = false;
  private fencedError: WriterFencedError | undefined;
  /** A transaction failed for another reason than fencing: the producer is opened again first. */
  private broken = false;

  private producer: Producer;
  private readonly kafka: Kafka;
  private readonly health: LogHealth | undefined;
  readonly topic: string;
  readonly partition: number;

  private constructor(
    kafka: Kafka,
    producer: Producer,
    topic: string,
    partition: number,
    health: LogHealth | undefined,
  ) {
    this.kafka = kafka;
    this.producer = producer;
    this.topic = topic;
    this.partition = partition;
    this.health = health;
  }

  static transactionalId(topic: string, partition: number): string {
    return `writer-${topic}-${partition}`;
  }

  /** `health` hears of every transaction that commits or fails (not of fencing, which is no outage). */
  static async open(
    kafka: Kafka,
    topic: string,
    partition: number,
    health?: LogHealth,
  ): Promise<PartitionWriter> {
    const producer = await PartitionWriter.producer(kafka, topic, partition);
    return new PartitionWriter(kafka, producer, topic, partition, health);
  }

  private static async producer(kafka: Kafka, topic: string, partition: number): Promise<Producer> {
    const producer = kafka.producer({
      transactionalId: PartitionWriter.transactionalId(topic, partition),
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
      // Right after a commit the coordinator is still writing markers and answers the next
      // transaction with CONCURRENT_TRANSACTIONS; retry that within milliseconds, as Kafka's Java
      // producer does, rather than after kafkajs's default backoff.
      retry: { initialRetryTime: 5, maxRetryTime: 500, retries: 30, factor: 0.2, multiplier: 1.5 },
    });
    try {
      await producer.connect();
      // kafkajs initialises the transactional id lazily, on the first transaction. Begin (and abort)
      // an empty one now, so the broker bumps the epoch and fences the old owner before we read or write.
      const transaction = await producer.transaction();
      await transaction.abort();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    return producer;
  }

  get fenced(): boolean {
    return this.fencedError !== undefined;
  }

  /** Appends records to this partition, in order; resolves with their positions once committed. */
  append(records: readonly OutgoingRecord[]): Promise<Position[]> {
    if (this.fencedError) return Promise.reject(this.fencedError);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.write(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    if (this.fencedError) {
      for (const pending of batch) pending.reject(this.fencedError);
      return;
    }
    const messages = batch.flatMap((pending) =>
      pending.records.map((record) => ({ ...record, partition: this.partition })),
    );
    const timer = appendSeconds.startTimer({ topic: this.topic });
    try {
      // A transaction that failed (Kafka went away mid-way) leaves kafkajs's transaction state where
      // no new one can begin: a new producer with the same transactional id picks up from the broker.
      if (this.broken) {
        await this.producer.disconnect().catch(() => undefined);
        this.producer = await PartitionWriter.producer(this.kafka, this.topic, this.partition);
        this.broken = false;
      }
      const transaction = await this.producer.transaction();
      let baseOffset: number;
      try {
        const metadata = await transaction.send({ topic: this.topic, messages, acks: -1 });
        await transaction.commit();
        const ours = metadata.find((entry) => entry.partition === this.partition);
        if (ours?.baseOffset === undefined)
          throw new Error(`no offset returned for ${this.topic}:${this.partition}`);
        baseOffset = Number(ours.baseOffset);
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw error;
      }
      timer();
      this.health?.answered();
      appendBatchRecords.observe({ topic: this.topic }, messages.length);
      let offset = baseOffset;
      for (const pending of batch) {
        pending.resolve(
          pending.records.map(() => ({ topic: this.topic, partition: this.partition, offset: offset++ })),
        );
      }
    } catch (error) {
      if (isFencing(error)) this.fencedError = new WriterFencedError(this.topic, this.partition);
      else {
        this.broken = true;
        this.health?.failed(`${this.topic}:${this.partition}: ${String(error)}`);
      }
      for (const pending of batch) pending.reject(this.fencedError ?? error);
    }
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}

/** Where records a reader could not handle go, with their original position, headers and the reason. */
export class DeadLetterWriter {
  private readonly producer: Producer;
  readonly topic: string;

  private constructor(producer: Producer, topic: string) {
    this.producer = producer;
    this.topic = topic;
  }

  static async open(kafka: Kafka, topic: string): Promise<DeadLetterWriter> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new DeadLetterWriter(producer, topic);
  }

  async send(
    letters: ReadonlyArray<{
      readonly source: Position;
      readonly key: string | null;
      readonly value: Buffer | null;
      readonly headers: Record<string, Buffer | string | undefined>;
      readonly reader: string;
      readonly reason: string;
    }>,
  ): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: letters.map((letter) => ({
        key: letter.key,
        value: letter.value,
        headers: {
          ...Object.fromEntries(
            Object.entries(letter.headers).filter(
              (entry): entry is [string, Buffer | string] => entry[1] !== undefined,
            ),
          ),
          'dlq-source-topic': letter.source.topic,
          'dlq-source-partition': String(letter.source.partition),
          'dlq-source-offset': String(letter.source.offset),
          'dlq-reader': letter.reader,
          'dlq-reason': letter.reason.slice(0, 2000),
        },
      })),
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
