import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import { encodeHeaders, ensureTopics, startConsumer, type EventCodec, type Kafka } from '@engage/event-log';
import { kudosKindsProjection, type KudosKindDocument } from '../src/kudos-kinds/projection.ts';
import { rewindCheckpoint } from '../src/runtime/checkpoints.ts';
import { Projector } from '../src/runtime/projector.ts';
import type { Projection } from '../src/runtime/projection.ts';
import {
  caughtUp,
  catalogHistory,
  codec,
  connect,
  documents,
  kafka,
  newPrefix,
  writeHistory,
} from './support.ts';

describe('a projector', () => {
  const client: Kafka = kafka();
  let eventCodec: EventCodec;
  let db: mongoose.Connection;

  beforeAll(async () => {
    eventCodec = await codec();
    db = await connect(`projector_${newPrefix().replaceAll('-', '')}`);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('builds the read model, and applying every event a second time changes nothing', async () => {
    const prefix = newPrefix();
    await writeHistory(client, eventCodec, `${prefix}catalogs`, catalogHistory(40, 6));
    const projector = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
    });
    await projector.start();
    await caughtUp(client, db, projector);
    await projector.stop();
    const once = await documents(db, projector.collectionName, true);
    expect(once).toHaveLength(40);
    expect(once[0]).toMatchObject({ _id: 'k-0', name: 'Kind 0 v5', description: 'step 5', active: true });
    expect(once.find((doc) => doc['_id'] === 'k-7')).toMatchObject({ name: 'Kind 7 v5' });

    // Deliver everything again: forget the checkpoint and read the topic from the beginning.
    await rewindCheckpoint(db, projector.key);
    const again = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
    });
    await again.start();
    await caughtUp(client, db, again);
    await again.stop();
    expect(again.applied).toBe(0);
    expect(await documents(db, projector.collectionName, true)).toEqual(once);
  });

  it('sends a record it cannot decode, and an event whose evolve throws, to the dead-letter topic and applies the rest', async () => {
    const prefix = newPrefix();
    const topic = `${prefix}catalogs`;
    const history = catalogHistory(1, 1, 'before');
    await writeHistory(client, eventCodec, topic, history, 1);
    // Bad bytes with well-formed headers, then an event the projection chokes on, then good events.
    const producer = client.producer();
    await producer.connect();
    const badHeaders = encodeHeaders('KudosKindCreated', {
      eventId: 'bad-1',
      aggregateId: 'bad',
      aggregateVersion: 1,
      correlationId: 'c',
      causationId: null,
      actor: null,
      occurredAt: 0,
      prevHash: '0'.repeat(64),
      idempotencyKey: null,
    });
    await producer.send({
      topic,
      messages: [{ key: 'bad', value: Buffer.from('not avro at all'), headers: badHeaders }],
    });
    await producer.disconnect();
    await writeHistory(
      client,
      eventCodec,
      topic,
      [...catalogHistory(1, 1, 'boom'), ...catalogHistory(3, 2, 'after')],
      1,
    );

    const choking: Projection<KudosKindDocument> = {
      ...kudosKindsProjection,
      evolve: (doc, event, id) => {
        if (id.startsWith('boom')) throw new Error('cannot project boom');
        return kudosKindsProjection.evolve(doc, event, id);
      },
    };
    const own = db.useDb(`projector_${prefix.replaceAll('-', '')}`);
    const projector = new Projector({
      kafka: client,
      codec: eventCodec,
      db: own,
      projection: choking,
      topicPrefix: prefix,
      log: () => undefined,
    });
    await projector.start();
    await caughtUp(client, own, projector);
    await projector.stop();

    const ids = (await documents(own, projector.collectionName)).map((doc) => doc['_id']);
    expect(ids).toEqual(['after-0', 'after-1', 'after-2', 'before-0']);

    const letters: Array<{ headers: Record<string, string>; value: string }> = [];
    await ensureTopics(client, [projector.deadLetterTopic]);
    let done: () => void = () => undefined;
    const two = new Promise<void>((resolve) => (done = resolve));
    const reader = await startConsumer(client, {
      groupId: `${prefix}dlq-reader`,
      topics: [projector.deadLetterTopic],
      onBatch: async (batch) => {
        for (const record of batch.records) {
          letters.push({
            headers: Object.fromEntries(
              Object.entries(record.headers).map(([key, value]) => [key, String(value)]),
            ),
            value: record.value?.toString() ?? '',
          });
        }
        if (letters.length >= 2) done();
      },
    });
    await two;
    await reader.stop();
    expect(
      letters.map((letter) => [letter.headers['dlq-source-offset'], letter.headers['event-id'] === 'bad-1']),
    ).toEqual([
      ['2', true],
      ['3', false],
    ]);
    expect(letters[0]?.value).toBe('not avro at all');
    expect(letters[0]?.headers['dlq-source-topic']).toBe(topic);
    expect(letters[1]?.headers['dlq-reason']).toContain('cannot project boom');
    expect(letters[1]?.headers['event-type']).toBe('KudosKindCreated');
  });
});
