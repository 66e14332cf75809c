// A read model's store lost (the MongoDB stand-in restarted empty) or rolled back (a restore from an
// older backup) under a running projector: the projector notices, re-reads from the checkpoint the
// store holds, and ends with exactly the documents of a fresh replay, without being restarted.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import type { DomainEvent, EventCodec } from '@engage/event-log';
import { kudosKindsProjection } from '../src/kudos-kinds/projection.ts';
import { lagOf } from '../src/runtime/lag.ts';
import { Projector } from '../src/runtime/projector.ts';
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

type History = Array<{ aggregateId: string; event: DomainEvent }>;

describe('a projector whose store is lost or rolled back', () => {
  const client = kafka();
  let eventCodec: EventCodec;
  const opened: mongoose.Connection[] = [];

  beforeAll(async () => {
    eventCodec = await codec();
  }, 60_000);

  afterAll(async () => {
    for (const db of opened) {
      await db.dropDatabase();
      await db.close();
    }
  });

  /** A topic of its own, written in chunks that continue one history (versions and hash chain). */
  const scenario = async () => {
    const prefix = newPrefix();
    const topic = `${prefix}catalogs`;
    const history: History = catalogHistory(300, 12, prefix);
    const versions = new Map<string, { version: number; hash: string }>();
    const chunk = history.length / 3;
    const write = (part: number) =>
      writeHistory(client, eventCodec, topic, history.slice(part * chunk, (part + 1) * chunk), 3, versions);
    const db = await connect(`lost_${prefix.replaceAll('-', '')}`);
    opened.push(db);
    const projector = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
      groupId: `${prefix}live`,
      storeCheckMs: 500,
      log: () => undefined,
    });
    /** The documents a fresh replay of the whole topic builds, in a database of its own. */
    const freshReplay = async () => {
      const target = await connect(`fresh_${prefix.replaceAll('-', '')}`);
      opened.push(target);
      const fresh = new Projector({
        kafka: client,
        codec: eventCodec,
        db: target,
        projection: kudosKindsProjection,
        topicPrefix: prefix,
        groupId: `${prefix}fresh`,
      });
      await fresh.start();
      await caughtUp(client, target, fresh);
      await fresh.stop();
      return documents(target, fresh.collectionName);
    };
    /**
     * Waits (60 s at most) until the live read model equals the fresh replay. Whenever the
     * checkpoint says everything is applied, the documents must already be complete: that is what
     * `consistentWith` answers from.
     */
    const healed = async (expected: Array<Record<string, unknown>>) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { lag, total } = await lagOf(client, db, projector.key, projector.topics);
        const docs = await documents(db, projector.collectionName);
        if (lag === 0 && total > 0) {
          expect(docs).toEqual(expected);
          return Date.now();
        }
        if (Date.now() > deadline) throw new Error(`still ${lag} behind after 60 s`);
        await sleep(200);
      }
    };
    return { write, db, projector, freshReplay, healed };
  };

  it('heals by itself when the store is lost while it applies a batch', async () => {
    const { write, db, projector, freshReplay, healed } = await scenario();
    await write(0);
    await projector.start();
    try {
      await caughtUp(client, db, projector);
      // Lose the store while the next chunk is being applied, then keep writing.
      const writing = write(1);
      while ((await lagOf(client, db, projector.key, projector.topics)).done < 1_300) await sleep(5);
      await db.dropDatabase();
      await writing;
      await write(2);
      const expected = await freshReplay();
      expect(expected).toHaveLength(300);
      await healed(expected);
    } finally {
      await projector.stop();
    }
  }, 240_000);

  it('heals by itself when the store is restored from an older backup', async () => {
    const { write, db, projector, freshReplay, healed } = await scenario();
    await write(0);
    await projector.start();
    try {
      await caughtUp(client, db, projector);
      const backup = {
        docs: await db.collection(projector.collectionName).find({}).toArray(),
        checkpoints: await db.collection('projection_checkpoints').find({}).toArray(),
      };
      await write(1);
      await caughtUp(client, db, projector);
      // The restore: every collection back as it was at the backup.
      for (const [name, docs] of [
        [projector.collectionName, backup.docs],
        ['projection_checkpoints', backup.checkpoints],
      ] as const) {
        await db.collection(name).deleteMany({});
        await db.collection(name).insertMany(docs);
      }
      // Nothing new arrives: the projector must notice the rollback by itself.
      const expected = await freshReplay();
      await healed(expected);
    } finally {
      await projector.stop();
    }
  }, 240_000);
});
