import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');

describe('Kafka broker', () => {
  const kafka = new Kafka({ brokers, clientId: 'smoke', logLevel: logLevel.NOTHING });
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  it('is a KRaft cluster with a controller', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
    expect(cluster.controller).not.toBeNull();
  });

  it('keeps keyed records in order per key through the idempotent producer with acks=all', async () => {
    const topic = `smoke-${randomUUID()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const keys = ['alice', 'bob', 'carol', 'dave'];
    const sent = keys.flatMap((key) => [1, 2, 3].map((n) => ({ key, value: `${key}-${n}` })));
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

    const consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Array<{ key: string; value: string; partition: number }> = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            received.push({
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? '',
              partition: batch.partition,
            });
          }
          if (received.length >= sent.length) resolve();
        },
      });
    });
    await consumer.disconnect();

    expect(received).toHaveLength(sent.length);
    for (const key of keys) {
      const ofKey = received.filter((record) => record.key === key);
      expect(ofKey.map((record) => record.value)).toEqual([`${key}-1`, `${key}-2`, `${key}-3`]);
      expect(new Set(ofKey.map((record) => record.partition)).size).toBe(1);
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(sent.length);
  });
});
