import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import { endOffsets, type EventCodec } from '@engage/event-log';
import { kudosKindsProjection } from '../src/kudos-kinds/projection.ts';
import { readCheckpoint } from '../src/runtime/checkpoints.ts';
import { Projector } from '../src/runtime/projector.ts';
import { projectionKey } from '../src/runtime/projection.ts';
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

const kills = 10;

describe('a projector killed with SIGKILL at random points', () => {
  const client = kafka();
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  let eventCodec: EventCodec;
  let uninterrupted: mongoose.Connection;
  let interrupted: mongoose.Connection;

  beforeAll(async () => {
    eventCodec = await codec();
    uninterrupted = await connect(`kill_ref_${prefix.replaceAll('-', '')}`);
    interrupted = await connect(`kill_run_${prefix.replaceAll('-', '')}`);
    // 100,000 events: 1,000 kudos kinds with 100 events each.
    await writeHistory(client, eventCodec, topic, catalogHistory(1000, 100), 3);
  }, 300_000);

  afterAll(async () => {
    await uninterrupted.dropDatabase();
    await interrupted.dropDatabase();
    await uninterrupted.close();
    await interrupted.close();
  });

  it(`ends, after ${kills} kills and restarts, exactly where an uninterrupted run ends`, async () => {
    const reference = new Projector({
      kafka: client,
      codec: eventCodec,
      db: uninterrupted,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
      groupId: `${prefix}reference`,
    });
    await reference.start();
    await caughtUp(client, uninterrupted, reference, 300_000);
    await reference.stop();
    expect(reference.applied).toBe(100_000);

    const total = [...(await endOffsets(client, [topic])).values()].reduce((sum, end) => sum + end, 0);
    const killPoints = Array.from({ length: kills }, () => Math.floor(Math.random() * total * 0.9)).sort(
      (a, b) => a - b,
    );
    const key = projectionKey(kudosKindsProjection);
    const progress = async (): Promise<number> =>
      Object.values(await readCheckpoint(interrupted, key)).reduce((sum, next) => sum + next, 0);

    for (const [run, killAt] of killPoints.entries()) {
      const child = spawn(
        process.execPath,
        ['--disable-warning=TimeoutNegativeWarning', join(import.meta.dirname, 'fixtures', 'projector.ts')],
        {
          env: {
            ...process.env,
            NODE_OPTIONS: '',
            MONGO_DB: interrupted.name,
            TOPIC_PREFIX: prefix,
            GROUP_ID: `${prefix}run-${run}`,
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Kill somewhere inside a batch: as soon as the checkpoint passes this run's random point.
      while ((await progress()) < killAt) await sleep(5);
      child.kill('SIGKILL');
      await exited;
    }
    expect(await progress()).toBeLessThan(total);

    const finisher = new Projector({
      kafka: client,
      codec: eventCodec,
      db: interrupted,
      projection: kudosKindsProjection,
      topicPrefix: prefix,
      groupId: `${prefix}finish`,
    });
    await finisher.start();
    await caughtUp(client, interrupted, finisher, 300_000);
    await finisher.stop();

    const expected = await documents(uninterrupted, reference.collectionName);
    expect(expected).toHaveLength(1000);
    expect(await documents(interrupted, finisher.collectionName)).toEqual(expected);
  }, 600_000);
});
