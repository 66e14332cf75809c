import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import type { EventCodec } from '@engage/event-log';
import { kudosKindsProjection } from '../src/kudos-kinds/projection.ts';
import { collectionOf } from '../src/runtime/projection.ts';
import { Projector } from '../src/runtime/projector.ts';
import { Rebuild, type RebuildProgress } from '../src/runtime/rebuild.ts';
import { activeVersion, switchActiveVersion } from '../src/runtime/versions.ts';
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

describe('rebuilding a projection while events keep arriving', () => {
  const client = kafka();
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  let eventCodec: EventCodec;
  let db: mongoose.Connection;

  beforeAll(async () => {
    eventCodec = await codec();
    db = await connect(`rebuild_${prefix.replaceAll('-', '')}`);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('serves the old version until the new one caught up, switches atomically, and ends equal to the live one', async () => {
    await writeHistory(client, eventCodec, topic, catalogHistory(500, 10), 3);
    const live = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
    });
    await live.start();
    await caughtUp(client, db, live);
    await switchActiveVersion(db, 'kudos-kinds', 1);

    // Writers keep adding kudos kinds; readers keep reading whichever version is active.
    let writing = true;
    let tick = 0;
    const writer = (async () => {
      while (writing) await writeHistory(client, eventCodec, topic, catalogHistory(5, 3, `tick${tick++}`), 3);
    })();
    let reading = true;
    const failures: string[] = [];
    let reads = 0;
    const versionsSeen = new Set<number>();
    const reader = (async () => {
      while (reading) {
        try {
          const version = await activeVersion(db, 'kudos-kinds', 1);
          versionsSeen.add(version);
          const count = await db.collection(collectionOf({ name: 'kudos-kinds', version })).countDocuments();
          if (count < 500) failures.push(`v${version} had ${count} documents`);
          reads += 1;
        } catch (error) {
          failures.push(String(error));
        }
      }
    })();

    const rebuild = new Rebuild({
      kafka: client,
      codec: eventCodec,
      db,
      projection: { ...kudosKindsProjection, version: 2 },
      topicPrefix: prefix,
    });
    const seen: RebuildProgress[] = [];
    while (rebuild.progress().state === 'running') {
      seen.push(rebuild.progress());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await rebuild.finished;
    expect(rebuild.progress()).toMatchObject({ state: 'switched', version: 2, secondsLeft: 0 });
    expect(seen.some((progress) => progress.total > 0 && progress.done <= progress.total)).toBe(true);
    expect(await activeVersion(db, 'kudos-kinds', 1)).toBe(2);

    // Readers move to the new version at once (the active version is re-read per request).
    const seenBy = Date.now() + 10_000;
    while (!versionsSeen.has(2) && Date.now() < seenBy)
      await new Promise((resolve) => setTimeout(resolve, 10));
    writing = false;
    await writer;
    reading = false;
    await reader;
    await caughtUp(client, db, live);
    await caughtUp(client, db, rebuild.newProjector);
    await rebuild.newProjector.stop();
    await live.stop();

    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(versionsSeen.has(2)).toBe(true);
    expect(tick).toBeGreaterThan(0);
    const fresh = await documents(db, collectionOf({ name: 'kudos-kinds', version: 2 }));
    expect(fresh.length).toBe(500 + tick * 5);
    expect(fresh).toEqual(await documents(db, collectionOf({ name: 'kudos-kinds', version: 1 })));
  }, 300_000);
});
