import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';

export type { Kafka } from 'kafkajs';

const levels: Record<string, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** A kafkajs client. Its own log is quiet unless KAFKA_LOG_LEVEL asks (kafkajs logs retried errors loudly). */
export function createKafka(brokers: readonly string[] | string, clientId: string): Kafka {
  return new Kafka({
    brokers: typeof brokers === 'string' ? brokers.split(',') : [...brokers],
    clientId,
    logLevel: levels[process.env['KAFKA_LOG_LEVEL'] ?? 'nothing'] ?? logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

/** Default partition count of a new topic; more partitions, more instances can share the work. */
export const defaultPartitions = Number(process.env['KAFKA_PARTITIONS'] ?? 6);

/**
 * Creates the topics that do not exist yet, keeping events forever (the log is the source of truth).
 * Returns the partition count of each.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions = defaultPartitions,
): Promise<Map<string, number>> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin
        .createTopics({
          // Leaders are awaited below: kafkajs's own wait gives up on a cold broker's first answers.
          waitForLeaders: false,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: partitions,
            configEntries: [
              { name: 'retention.ms', value: '-1' },
              { name: 'retention.bytes', value: '-1' },
            ],
          })),
        })
        .catch((error: { type?: string }) => {
          // Another instance created it first.
          if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
        });
    }
    // Until every partition has a leader, metadata may say "unknown topic or partition": ask again.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await admin
        .fetchTopicMetadata({ topics: [...topics] })
        .then((metadata) =>
          metadata.topics.every(
            (topic) =>
              topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
          ),
        )
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leaders after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}

const partitioner = Partitioners.DefaultPartitioner();

/** The partition of a key, as Kafka's Java client and kafkajs's default partitioner compute it (murmur2). */
export function partitionOf(topic: string, key: string, partitionCount: number): number {
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

/** The next offset to be written in each partition of each topic (the high watermark). */
export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, number>();
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}:${partition}`, Number(high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/** The part of kafkajs's cluster client `LogEnds` uses (kafkajs 2.2; its admin cannot read high watermarks). */
interface OffsetsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findTopicPartitionMetadata(topic: string): Array<{ partitionId: number }>;
  fetchTopicsOffset(
    topics: Array<{ topic: string; fromBeginning: boolean; partitions: Array<{ partition: number }> }>,
  ): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}

/**
 * The end offsets of topics on demand, through one connection kept open (a connection per question
 * would cost more than the question). An end is the high watermark, read uncommitted: it includes
 * a transaction whose commit returned but whose markers are not written yet (Kafka writes them
 * after answering the producer), which the last stable offset would leave out. A reader's progress
 * passes transaction markers and aborted records too, so a reader that has applied everything
 * committed reaches these ends.
 */
export class LogEnds {
  private readonly kafka: Kafka;
  private connecting: Promise<OffsetsCluster> | undefined;

  constructor(kafka: Kafka) {
    this.kafka = kafka;
  }

  private connected(): Promise<OffsetsCluster> {
    this.connecting ??= (async () => {
      // kafkajs builds every client from this factory; the admin's pins read-committed offsets.
      const factory = Object.getOwnPropertySymbols(this.kafka).find(
        (symbol) => symbol.description === 'private:Kafka:createCluster',
      );
      const create = factory && (this.kafka as unknown as Record<symbol, unknown>)[factory];
      if (typeof create !== 'function') throw new Error('this kafkajs version has no cluster factory');
      const cluster = (create as (options: object) => OffsetsCluster).call(this.kafka, {
        allowAutoTopicCreation: false,
        isolationLevel: 0, // READ_UNCOMMITTED
      });
      await cluster.connect();
      return cluster;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  /** `topic:partition` → the next offset to be written, for every partition of `topics`. */
  async ends(topics: readonly string[]): Promise<Map<string, number>> {
    const cluster = await this.connected();
    try {
      await cluster.addMultipleTargetTopics([...topics]);
      await cluster.refreshMetadataIfNecessary();
      const answers = await cluster.fetchTopicsOffset(
        topics.map((topic) => ({
          topic,
          fromBeginning: false,
          partitions: cluster.findTopicPartitionMetadata(topic).map(({ partitionId }) => ({
            partition: partitionId,
          })),
        })),
      );
      const ends = new Map<string, number>();
      for (const { topic, partitions } of answers)
        for (const { partition, offset } of partitions) ends.set(`${topic}:${partition}`, Number(offset));
      return ends;
    } catch (error) {
      // A broken connection is opened afresh next time.
      await this.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    await (await connecting?.catch(() => undefined))?.disconnect();
  }
}
