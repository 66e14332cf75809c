import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import {
  encodeHeaders,
  ensureTopics,
  genesisHash,
  LogEnds,
  PartitionWriter,
  type EventCodec,
} from '@engage/event-log';
import { kudosKindsProjection } from '../src/kudos-kinds/projection.ts';
import { waitForPosition } from '../src/runtime/checkpoints.ts';
import { ActiveCollections } from '../src/runtime/versions.ts';
import { Projector } from '../src/runtime/projector.ts';
import { codec, connect, kafka, newPrefix } from './support.ts';

describe('reading your own write', () => {
  const client = kafka();
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  let eventCodec: EventCodec;
  let db: mongoose.Connection;
  let projector: Projector;

  beforeAll(async () => {
    eventCodec = await codec();
    db = await connect(`ryw_${prefix.replaceAll('-', '')}`);
    await ensureTopics(client, [topic], 3);
    projector = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
    });
    await projector.start();
  });

  afterAll(async () => {
    await projector.stop();
    await db.dropDatabase();
    await db.close();
  });

  it('waits until the projection has applied the position a command answered with', async () => {
    const kindId = randomUUID();
    const writer = await PartitionWriter.open(client, topic, 1);
    const value = await eventCodec.encode('KudosKindCreated', {
      kindId,
      name: 'Fresh',
      description: '',
      createdBy: 'admin',
      createdAt: Date.now(),
    });
    const metadata = {
      eventId: randomUUID(),
      aggregateId: kindId,
      aggregateVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      actor: 'admin',
      occurredAt: Date.now(),
      prevHash: genesisHash,
      idempotencyKey: null,
    };
    const [position] = await writer.append([
      { key: kindId, value, headers: encodeHeaders('KudosKindCreated', metadata) },
    ]);
    await writer.close();
    if (position === undefined) throw new Error('no position');

    expect(await waitForPosition(db, projector.key, position, 10_000)).toBe(true);
    expect(await db.collection(projector.collectionName).findOne({ _id: kindId } as never)).toMatchObject({
      name: 'Fresh',
    });
  });

  it('gives up after its bound on a position not reached, so the read is served instead of failing', async () => {
    const began = Date.now();
    expect(await waitForPosition(db, projector.key, { topic, partition: 0, offset: 1_000_000 }, 300)).toBe(
      false,
    );
    expect(Date.now() - began).toBeLessThan(2_000);
  });

  it('never waits for a position that the read model never reaches, and reaches a transaction marker', async () => {
    const users = `${prefix}users`;
    await ensureTopics(client, [users], 3);
    const append = async (target: string, partition: number, value: Buffer) => {
      const writer = await PartitionWriter.open(client, target, partition);
      const [written] = await writer.append([{ key: randomUUID(), value, headers: {} }]);
      await writer.close();
      if (written === undefined) throw new Error('no position');
      return written;
    };
    const log = new LogEnds(client);
    const collections = new ActiveCollections(db, {
      log,
      topicPrefix: prefix,
      projections: [kudosKindsProjection],
    });
    try {
      // A topic the projector does not consume, even when the caller names it: no wait, no 503.
      const other = await append(users, 0, Buffer.from('not an event'));
      await collections.consistentWith(
        'kudos-kinds',
        [topic, users],
        `${users}:${other.partition}:${other.offset}`,
        60_000,
      );
      // At or past the end of a partition (an empty one, or beyond what was written): nothing to wait for.
      for (const position of [`${users}:1:0`, `${topic}:2:0`, `${topic}:0:999999`])
        await expect(
          collections.consistentWith('kudos-kinds', [topic, users], position, 60_000),
        ).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_POSITION' });
      // The offset after a transaction's last record is its commit marker, which no reader is given
      // as a record; the projector's progress passes it all the same.
      const record = await append(topic, 2, Buffer.from('not an event either'));
      await collections.consistentWith('kudos-kinds', [topic], `${topic}:2:${record.offset + 1}`, 60_000);
    } finally {
      await log.close();
    }
  });
});
