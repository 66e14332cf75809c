export { EventCodec } from './codec.ts';
export { startConsumer } from './consumer.ts';
export type { ConsumedBatch, LogConsumer, LogConsumerOptions, RawRecord } from './consumer.ts';
export {
  decodeHeaders,
  encodeHeaders,
  eventHash,
  genesisHash,
  header as eventHeader,
  MalformedHeadersError,
} from './events.ts';
export type { DomainEvent, EventMetadata, Headers, RecordedEvent } from './events.ts';
export { createKafka, defaultPartitions, endOffsets, ensureTopics, LogEnds, partitionOf } from './kafka.ts';
export type { Kafka } from './kafka.ts';
export { LogHealth } from './health.ts';
export { formatPosition, parsePosition, partitionKey } from './position.ts';
export type { Position } from './position.ts';
export { isPoison, readBatch, readEvent } from './read.ts';
export { readRecordAt, readToEnd, ReadTimeoutError } from './read-to-end.ts';
export type { ReadExtent } from './read-to-end.ts';
export type { PoisonRecord } from './read.ts';
export { DeadLetterWriter, PartitionWriter, WriterFencedError } from './writer.ts';
export type { OutgoingRecord } from './writer.ts';
export {
  appendBatchRecords,
  appendSeconds,
  consumerLagRecords,
  Counter,
  Gauge,
  Histogram,
  metrics,
  serveMetrics,
} from './metrics.ts';
