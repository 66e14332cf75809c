// A dead-lettered event applied again once the code can apply it: before the fix the retry fails and
// the letter stays open with the new reason; after it, the documents equal a fresh replay's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import type { EventCodec, Kafka } from '@engage/event-log';
import { kudosKindsProjection, type KudosKindDocument } from '../src/kudos-kinds/projection.ts';
import { deadLettersOf } from '../src/runtime/dead-letters.ts';
import type { Projection } from '../src/runtime/projection.ts';
import { Projector } from '../src/runtime/projector.ts';
import { DeadLetterRefusedError, DeadLetterStillFailsError, retryDeadLetter } from '../src/runtime/retry.ts';
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

describe('retrying a dead letter', () => {
  const client: Kafka = kafka();
  const prefix = newPrefix();
  let eventCodec: EventCodec;
  let db: mongoose.Connection;

  beforeAll(async () => {
    eventCodec = await codec();
    db = await connect(`retry_${prefix.replaceAll('-', '')}`);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('fails while the cause is there, applies the event after the fix, and then refuses a second retry', async () => {
    const topic = `${prefix}catalogs`;
    await writeHistory(
      client,
      eventCodec,
      topic,
      [...catalogHistory(2, 1, 'before'), ...catalogHistory(1, 1, 'boom'), ...catalogHistory(2, 3, 'after')],
      1,
    );
    // The bug: this version of the code cannot project `boom`; the fix flips the flag.
    let fixed = false;
    const projection: Projection<KudosKindDocument> = {
      ...kudosKindsProjection,
      evolve: (doc, event, id) => {
        if (!fixed && id.startsWith('boom')) throw new Error('cannot project boom yet');
        return kudosKindsProjection.evolve(doc, event, id);
      },
    };
    const projector = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection,
      topicPrefix: prefix,
      log: () => undefined,
    });
    await projector.start();
    await caughtUp(client, db, projector);
    let letters = await deadLettersOf(db).find({}).toArray();
    for (let attempt = 0; letters.length === 0 && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      letters = await deadLettersOf(db).find({}).toArray();
    }
    expect(letters).toEqual([
      expect.objectContaining({ reader: projector.key, key: 'boom-0', state: 'open' }),
    ]);
    const id = letters[0]?._id ?? '';
    const options = { kafka: client, codec: async () => eventCodec, db, projections: [projection] };

    // The projector keeps running: the retry and the live projector share the collection.
    await expect(retryDeadLetter(options, id, 'admin-1')).rejects.toThrow(DeadLetterStillFailsError);
    expect(await deadLettersOf(db).findOne({ _id: id })).toMatchObject({
      state: 'open',
      reason: 'evolve threw: cannot project boom yet',
    });
    expect((await documents(db, projector.collectionName)).map((doc) => doc['_id'])).not.toContain('boom-0');

    fixed = true;
    const retried = await retryDeadLetter(options, id, 'admin-1');
    expect(retried).toMatchObject({ state: 'retried', retried: { by: 'admin-1' } });
    expect(retried?.retryingSince).toBeUndefined();
    await expect(retryDeadLetter(options, id, 'admin-1')).rejects.toThrow(DeadLetterRefusedError);
    expect(await retryDeadLetter(options, 'no-such-letter', 'admin-1')).toBeNull();
    await projector.stop();

    // What the fixed code builds from the whole log, read fresh into another version.
    const replayed = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection: { ...kudosKindsProjection, version: 99 },
      topicPrefix: prefix,
      log: () => undefined,
    });
    await replayed.start();
    await caughtUp(client, db, replayed);
    await replayed.stop();
    expect(await documents(db, projector.collectionName)).toEqual(
      await documents(db, replayed.collectionName),
    );
  }, 240_000);
});
