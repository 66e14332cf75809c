// A rebuild whose runner's process is killed with SIGKILL part-way: another runner takes the lease
// once it expires, resumes from the rebuild's checkpoint, and ends equal to the live version.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import { endOffsets, type EventCodec } from '@engage/event-log';
import { kudosKindsProjection } from '../src/kudos-kinds/projection.ts';
import { readCheckpoint } from '../src/runtime/checkpoints.ts';
import { collectionOf, projectionKey } from '../src/runtime/projection.ts';
import { Projector } from '../src/runtime/projector.ts';
import { RebuildRunner, rebuildsOf, requestRebuild } from '../src/runtime/rebuilds.ts';
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

const leaseMs = 3_000;

describe('a rebuild whose runner is killed with SIGKILL', () => {
  const client = kafka();
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  let eventCodec: EventCodec;
  let db: mongoose.Connection;

  beforeAll(async () => {
    eventCodec = await codec();
    db = await connect(`rebuild_kill_${prefix.replaceAll('-', '')}`);
    // 40,000 events: 1,000 kudos kinds with 40 events each, over three partitions.
    await writeHistory(client, eventCodec, topic, catalogHistory(1000, 40), 3);
  }, 300_000);

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('is resumed by another runner once the lease expires and ends equal to the live version', async () => {
    const live = new Projector({
      kafka: client,
      codec: eventCodec,
      db,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
    });
    await live.start();
    await caughtUp(client, db, live, 300_000);
    await live.stop();
    const total = [...(await endOffsets(client, [topic])).values()].reduce((sum, end) => sum + end, 0);

    const asked = await requestRebuild(db, kudosKindsProjection, { autoSwitch: false, requestedBy: 'test' });
    const rebuilt = { name: kudosKindsProjection.name, version: asked.version };
    const progress = async (): Promise<number> =>
      Object.values(await readCheckpoint(db, projectionKey(rebuilt))).reduce((sum, next) => sum + next, 0);

    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        join(import.meta.dirname, 'fixtures', 'rebuild-runner.ts'),
      ],
      {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          MONGO_DB: db.name,
          TOPIC_PREFIX: prefix,
          LEASE_MS: String(leaseMs),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Kill it inside the rebuild: once a random share of the log is applied.
    const killAt = Math.floor(total * (0.1 + Math.random() * 0.5));
    while ((await progress()) < killAt) await sleep(5);
    child.kill('SIGKILL');
    await exited;
    const atKill = await progress();
    expect(atKill).toBeLessThan(total);
    const orphaned = await rebuildsOf(db).findOne({ _id: rebuilt.name });
    expect(orphaned).toMatchObject({ state: 'running', version: rebuilt.version });
    const deadOwner = orphaned?.lease?.owner;

    const runner = new RebuildRunner({
      kafka: client,
      codec: eventCodec,
      db,
      projections: [kudosKindsProjection],
      topicPrefix: prefix,
      live: new Map(),
      leaseMs,
      pollMs: 100,
      log: () => undefined,
    });
    runner.start();
    try {
      let rebuild = await rebuildsOf(db).findOne({ _id: rebuilt.name });
      const deadline = Date.now() + 300_000;
      while (rebuild?.state !== 'ready' && Date.now() < deadline) {
        await sleep(100);
        rebuild = await rebuildsOf(db).findOne({ _id: rebuilt.name });
      }
      expect(rebuild).toMatchObject({ state: 'ready', done: total, total });
      expect(rebuild?.lease?.owner).toBe(runner.owner);
      expect(rebuild?.lease?.owner).not.toBe(deadOwner);
    } finally {
      await runner.stop();
    }
    const expected = await documents(db, collectionOf(kudosKindsProjection));
    expect(expected).toHaveLength(1000);
    expect(await documents(db, collectionOf(rebuilt))).toEqual(expected);
  }, 600_000);
});
