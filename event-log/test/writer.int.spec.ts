import { beforeAll, describe, expect, it } from '@jest/globals';
import { EventCodec } from '../src/codec.ts';
import { startConsumer } from '../src/consumer.ts';
import { eventHash, genesisHash } from '../src/events.ts';
import { createKafka, endOffsets, ensureTopics, partitionOf } from '../src/kafka.ts';
import { readBatch, isPoison } from '../src/read.ts';
import { PartitionWriter, WriterFencedError } from '../src/writer.ts';
import type { RecordedEvent } from '../src/events.ts';
import { brokers, kudosKindRecord, registryUrl, uniqueTopic } from './helpers.ts';

describe('the partition writer', () => {
  const kafka = createKafka(brokers(), 'event-log-test');
  let codec: EventCodec;

  beforeAll(async () => {
    codec = await EventCodec.create(registryUrl());
  });

  const readAll = async (topic: string, count: number): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const consumer = await startConsumer(kafka, {
      groupId: uniqueTopic('reader'),
      topics: [topic],
      onBatch: async (batch) => {
        for (const event of await readBatch(codec, batch)) if (!isPoison(event)) events.push(event);
        if (events.length >= count) done();
      },
    });
    await finished;
    await consumer.stop();
    return events.sort(
      (a, b) => a.position.partition - b.position.partition || a.position.offset - b.position.offset,
    );
  };

  it('appends keyed Avro events with their headers to its partition and reports their positions', async () => {
    const topic = uniqueTopic('writer');
    await ensureTopics(kafka, [topic], 3);
    const kindId = 'kind-1';
    const partition = partitionOf(topic, kindId, 3);
    const writer = await PartitionWriter.open(kafka, topic, partition);
    const first = await kudosKindRecord(codec, kindId, 1);
    const second = await kudosKindRecord(codec, kindId, 2, first.hash);
    const positions = await writer.append([first.record, second.record]);
    await writer.close();

    expect(positions).toEqual([
      { topic, partition, offset: 0 },
      { topic, partition, offset: 1 },
    ]);
    const events = await readAll(topic, 2);
    expect(events.map((event) => [event.type, event.metadata.aggregateVersion, event.position])).toEqual([
      ['KudosKindCreated', 1, positions[0]],
      ['KudosKindCreated', 2, positions[1]],
    ]);
    expect(events[0]?.data).toMatchObject({ kindId, name: 'Kind 1', createdBy: 'admin' });
    expect(events[0]?.metadata).toEqual(first.metadata);
    // The chain: each event names the hash of the one before it.
    expect(events[0]?.metadata.prevHash).toBe(genesisHash);
    expect(events[1]?.metadata.prevHash).toBe(first.hash);
  });

  it('commits concurrent appends together, in order, with contiguous positions', async () => {
    const topic = uniqueTopic('group-commit');
    await ensureTopics(kafka, [topic], 1);
    const writer = await PartitionWriter.open(kafka, topic, 0);
    const records = await Promise.all(
      Array.from({ length: 100 }, (_, index) => kudosKindRecord(codec, `kind-${index}`, 1)),
    );
    const positions = await Promise.all(records.map(({ record }) => writer.append([record])));
    await writer.close();
    const offsets = positions.map((appended) => appended[0]?.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(new Set(offsets).size).toBe(100);
    const events = await readAll(topic, 100);
    expect(events.map((event) => event.metadata.aggregateId)).toEqual(
      records.map(({ metadata }) => metadata.aggregateId),
    );
    // Fewer transactions than appends: each commit marker takes one offset.
    const end = (await endOffsets(kafka, [topic])).get(`${topic}:0`) ?? 0;
    expect(end - 100).toBeLessThan(100);
    expect(end - 100).toBeGreaterThanOrEqual(1);
  });

  it('is fenced when a newer owner opens the partition, and writes nothing after', async () => {
    const topic = uniqueTopic('fencing');
    await ensureTopics(kafka, [topic], 1);
    const old = await PartitionWriter.open(kafka, topic, 0);
    await old.append([(await kudosKindRecord(codec, 'a', 1)).record]);
    const newer = await PartitionWriter.open(kafka, topic, 0);
    await expect(old.append([(await kudosKindRecord(codec, 'b', 1)).record])).rejects.toBeInstanceOf(
      WriterFencedError,
    );
    expect(old.fenced).toBe(true);
    await newer.append([(await kudosKindRecord(codec, 'c', 1)).record]);
    await old.close();
    await newer.close();
    const events = await readAll(topic, 2);
    expect(events.map((event) => event.metadata.aggregateId)).toEqual(['a', 'c']);
  });

  it('hashes the stored body, so a changed event breaks the chain', async () => {
    const { record, metadata, hash } = await kudosKindRecord(codec, 'k', 1);
    expect(eventHash('KudosKindCreated', metadata, record.value)).toBe(hash);
    const tampered = Buffer.from(record.value);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(eventHash('KudosKindCreated', metadata, tampered)).not.toBe(hash);
  });

  it('reports reading progress up to the end, past transaction markers', async () => {
    const topic = uniqueTopic('progress');
    await ensureTopics(kafka, [topic], 1);
    const writer = await PartitionWriter.open(kafka, topic, 0);
    for (let version = 1; version <= 3; version += 1)
      await writer.append([(await kudosKindRecord(codec, 'p', version)).record]);
    await writer.close();
    const end = (await endOffsets(kafka, [topic])).get(`${topic}:0`) ?? 0;
    expect(end).toBe(6); // three records, three commit markers
    let reached = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const consumer = await startConsumer(kafka, {
      groupId: uniqueTopic('progress-reader'),
      topics: [topic],
      onBatch: async () => undefined,
      onProgress: (_topic, _partition, next) => {
        reached = Math.max(reached, next);
        if (reached >= end) done();
      },
    });
    await finished;
    await consumer.stop();
    expect(reached).toBe(end);
  });
});
