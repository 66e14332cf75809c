// The MongoDB stand-in killed with SIGKILL and restarted under a steady write load, with the whole
// back end running: commands keep their log, every read model heals to exactly what a fresh replay
// builds (no service restarted), and sign-in keeps working with the tokens issued before.
// `npm test -- test/faults/mongo-restart` prints the figures it measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import { createKafka } from '@engage/event-log';
import { collectionOf, lagOf, projectionKey, projections } from '@engage/projectors';
import { endpointsOf, kill, stackConfig, upOne, type StackConfig } from '@engage/stack';
import { startSystem, type Answer, type System } from '../slices/system.ts';
import { freePort } from './bounds.ts';

const admin = { email: 'faults.admin@example.com', password: 'the admin passphrase, long' };

/** A read model's documents in `_id` order, without what differs between two runs of the same events. */
const comparable = async (db: mongoose.Connection, collection: string) =>
  (await db.collection(collection).find({}).sort({ _id: 1 }).toArray()).map(
    ({ _rev: _r, _epoch: _e, ...rest }) => rest,
  );

describe('the MongoDB stand-in killed and restarted mid-stream', () => {
  let config: StackConfig;
  let system: System;
  const kafka = createKafka(process.env['KAFKA_BROKERS'] ?? '', 'fault-mongo');

  beforeAll(async () => {
    // A stand-in of this test's own: the shared one must never be killed.
    config = stackConfig({
      ...process.env,
      STACK_NAME: 'faults',
      STACK_DIR: mkdtempSync(join(tmpdir(), 'engage-fault-mongo-')),
      MONGO_PORT: String(await freePort()),
    });
    await upOne(config, 'mongo');
    system = await startSystem(admin, { mongoUrl: endpointsOf(config).mongoUrl });
  }, 180_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
    await kill(config, 'mongo');
    rmSync(config.dir, { recursive: true, force: true });
  });

  it('loses no acknowledged write, heals every read model by itself, and keeps sign-in', async () => {
    const adminToken = await system.signIn(admin.email, admin.password, 'catalogs:manage');
    const grant = await system.command('POST', '/auth/token', null, {
      grant_type: 'password',
      username: admin.email,
      password: admin.password,
    });
    expect(grant.status).toBe(200);

    // A writer creating kudos kinds, one after another, until told to stop.
    const acknowledged: Array<{ id: string; position: string }> = [];
    const refused = new Map<string, number>();
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n += 1) {
        const answer: Answer = await system
          .command('POST', '/kudos-kinds', adminToken, { name: `Kind ${n}`, description: 'written' })
          .catch((error: unknown) => ({ status: 0, body: { code: String(error) } }));
        if (answer.status === 201)
          acknowledged.push({ id: String(answer.body['id']), position: String(answer.body['position']) });
        else {
          const reason = `${answer.status} ${String(answer.body['code'])}`;
          refused.set(reason, (refused.get(reason) ?? 0) + 1);
        }
        await sleep(20);
      }
    })();
    const atLeast = async (count: number) => {
      const deadline = Date.now() + 120_000;
      while (acknowledged.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${acknowledged.length} writes acknowledged`);
        await sleep(50);
      }
    };
    await atLeast(20);
    expect(await kill(config, 'mongo')).toBe(true);
    const killedAt = acknowledged.length;
    await sleep(2_000);
    await upOne(config, 'mongo');
    const restartedAt = Date.now();
    await atLeast(killedAt + 20);
    writing = false;
    await writer;

    // Every read model catches up with the log by itself, within 60 s of the restart.
    const live = projections.map((projection) => ({
      projection,
      key: projectionKey(projection),
      topics: projection.topics.map((topic) => `${system.prefix}${topic}`),
    }));
    for (;;) {
      const lags = await Promise.all(live.map(({ key, topics }) => lagOf(kafka, system.db, key, topics)));
      if (lags.every(({ lag, total }) => lag === 0 || total === 0)) break;
      if (Date.now() > restartedAt + 60_000)
        throw new Error(`read models still behind 60 s after the restart: ${JSON.stringify(lags)}`);
      await sleep(250);
    }
    const healedAfterMs = Date.now() - restartedAt;

    // ... and equals, document for document, what a fresh replay of the log builds.
    const fresh = system.db.useDb(`${system.db.name}_fresh`);
    for (const { projection } of live) {
      await system.replay(projection, fresh);
      expect({
        name: projection.name,
        docs: await comparable(system.db, collectionOf(projection)),
      }).toEqual({ name: projection.name, docs: await comparable(fresh, collectionOf(projection)) });
    }
    await fresh.dropDatabase();

    // No acknowledged kind is missing, and a read consistent with the last write answers.
    const kindsProjection = live.find(({ projection }) => projection.name === 'kudos-kinds')?.projection;
    const stored = await system.db
      .collection(collectionOf(kindsProjection ?? { name: 'kudos-kinds', version: 1 }))
      .find({ _id: { $in: acknowledged.map(({ id }) => id) } as never })
      .toArray();
    const listed = new Set(stored.map((kind) => String(kind._id)));
    const lost = acknowledged.filter(({ id }) => !listed.has(id));
    expect(lost).toEqual([]);
    const last = acknowledged.at(-1)?.position ?? '';
    expect((await system.query(`/kudos-kinds?consistentWith=${last}&limit=1`, adminToken)).status).toBe(200);

    // Sign-in survives: the token and the refresh token issued before still work, and so does a password.
    expect((await system.query('/kudos-kinds?limit=1', adminToken)).status).toBe(200);
    const refreshed = await system.command('POST', '/auth/token', null, {
      grant_type: 'refresh_token',
      refresh_token: grant.body['refresh_token'],
    });
    expect(refreshed.status).toBe(200);
    expect(await system.signIn(admin.email, admin.password, 'catalogs:manage')).toEqual(expect.any(String));

    process.stderr.write(
      `\nfault mongo kill -9: acknowledged ${acknowledged.length}, lost ${lost.length}, ` +
        `refused ${JSON.stringify(Object.fromEntries(refused))}, read models healed ${healedAfterMs} ms after the restart\n`,
    );
  }, 420_000);
});
