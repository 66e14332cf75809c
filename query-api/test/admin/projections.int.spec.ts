// The admin projection routes: state and lag, a rebuild run by a projectors-side runner while reads
// go on, its progress and shadow diff, the switch, and a cancelled rebuild leaving nothing behind.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projections, RebuildRunner, rebuildsOf, type Projector } from '@engage/projectors';
import { projected, startAuditFixture, type AuditFixture, type Fact } from '../audit/fixture.ts';

const at = Date.UTC(2026, 8, 1, 10);

const gifts = (giver: string, from: number, count: number): Fact[] =>
  Array.from({ length: count }, (_, index) => ({
    aggregateId: giver,
    occurredAt: at + (from + index) * 1000,
    actor: giver,
    event: {
      type: 'KudosGiven',
      data: {
        kudosId: `${giver}-${from + index}`,
        from: giver,
        to: 'someone',
        kindId: 'helper',
        reason: 'thanks',
        budgetPeriod: '2026-W36',
        givenAt: at + (from + index) * 1000,
      },
    },
  }));

interface Progress {
  version: number;
  fromVersion: number;
  state: string;
  done: number;
  total: number;
  diff: { compared: number; added: number; removed: number; changed: number } | null;
}

describe('admin projection routes', () => {
  let fixture: AuditFixture;
  let runner: RebuildRunner;
  let admin: string;
  const live = new Map<string, Projector>();
  const giver = `g-${randomUUID()}`;

  const call = async (method: 'GET' | 'POST', url: string, token = admin, body?: object) => {
    const response = await fixture.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body }),
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };
  /** Asks for the rebuild's progress until `done` says so (each answer must be a 200). */
  const rebuildUntil = async (done: (progress: Progress) => boolean) => {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await call('GET', '/admin/projections/audit-log/rebuild');
      expect(answer.status).toBe(200);
      const progress = answer.body as unknown as Progress;
      if (done(progress) || attempt > 600) return progress;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    fixture = await startAuditFixture();
    admin = await fixture.token(['admin']);
    await fixture.write('kudos', await fixture.chain('kudos', gifts(giver, 0, 30)));
    live.set('audit-log', await fixture.project());
    await projected(fixture);
    runner = new RebuildRunner({
      kafka: fixture.kafka,
      codec: fixture.codec,
      db: fixture.db,
      projections,
      topicPrefix: fixture.prefix,
      live,
      pollMs: 100,
      log: () => undefined,
    });
    runner.start();
  }, 120_000);

  afterAll(async () => {
    await runner.stop();
    await Promise.all([...live.values()].map((projector) => projector.stop()));
    await (fixture as AuditFixture | undefined)?.stop();
  });

  it('lists every projection with its version, state, lag and dead letters', async () => {
    const answer = await call('GET', '/admin/projections');
    expect(answer.status).toBe(200);
    const items = answer.body['items'] as Array<Record<string, unknown>>;
    expect(items.map((item) => item['name'])).toEqual(projections.map((projection) => projection.name));
    const audit = items.find((item) => item['name'] === 'audit-log');
    expect(audit).toMatchObject({
      activeVersion: 2,
      codeVersion: 2,
      state: 'live',
      lag: { events: 0, seconds: 0 },
      deadLetters: 0,
      rebuild: null,
    });
    const positions = audit?.['positions'] as Record<string, number>;
    expect(Object.values(positions).reduce((sum, offset) => sum + offset, 0)).toBe(30);
    expect((await call('GET', '/admin/projections', await fixture.token(['auditor']))).status).toBe(403);
  });

  it('rebuilds into a new version while reads go on, shows the diff, and switches', async () => {
    const before = await call('GET', '/audit/events?limit=100', admin);
    const started = await call('POST', '/admin/projections/audit-log/rebuild', admin, {});
    expect(started).toMatchObject({ status: 202, body: { version: 3, fromVersion: 2, state: 'requested' } });
    expect((await call('POST', '/admin/projections/audit-log/rebuild', admin, {})).body).toMatchObject({
      code: 'REBUILD_RUNNING',
    });
    expect((await call('GET', '/admin/projections')).body['items']).toContainEqual(
      expect.objectContaining({ name: 'audit-log', state: 'rebuilding', activeVersion: 2 }),
    );
    // Reads keep answering from version 2 while version 3 fills.
    let reads = 0;
    const ready = await rebuildUntil((progress) => {
      reads += 1;
      return progress.state === 'ready';
    });
    const during = await call('GET', '/audit/events?limit=100', admin);
    expect(during).toEqual(before);
    expect(reads).toBeGreaterThan(0);
    expect(ready).toMatchObject({ state: 'ready', version: 3, done: 30, total: 30 });
    expect(ready.diff).toEqual({
      compared: 30,
      added: 0,
      removed: 0,
      changed: 0,
      samples: { added: [], removed: [], changed: [] },
    });

    const switched = await call('POST', '/admin/projections/audit-log/switch');
    expect(switched).toMatchObject({ status: 200, body: { projection: 'audit-log', activeVersion: 3 } });
    expect((await call('GET', '/admin/projections')).body['items']).toContainEqual(
      expect.objectContaining({ name: 'audit-log', activeVersion: 3, state: 'live' }),
    );
    // The switched version keeps up with new events (its projector now serves).
    const [position] = await fixture.write('kudos', await fixture.chain('kudos', gifts(giver, 30, 1)));
    const after = await call('GET', `/audit/events?limit=100&consistentWith=${String(position)}`, admin);
    expect((after.body['items'] as unknown[]).length).toBe(31);
    expect((await call('POST', '/admin/projections/audit-log/switch')).body).toMatchObject({
      code: 'REBUILD_NOT_READY',
    });
  });

  it('cancels a rebuild and drops what it wrote', async () => {
    const started = await call('POST', '/admin/projections/audit-log/rebuild', admin, {});
    expect(started.body).toMatchObject({ version: 4, fromVersion: 3 });
    const cancelled = await call('POST', '/admin/projections/audit-log/rebuild/cancel');
    expect(cancelled).toMatchObject({ status: 200, body: { state: 'cancelled' } });
    expect((await call('POST', '/admin/projections/audit-log/rebuild/cancel')).status).toBe(409);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const collections = (await fixture.db.db?.listCollections().toArray())?.map((entry) => entry.name);
      const lease = (await rebuildsOf(fixture.db).findOne({ _id: 'audit-log' }))?.lease;
      if (!collections?.includes('audit_log_v4') && lease === null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await fixture.db.db?.listCollections().toArray())?.map((entry) => entry.name)).not.toContain(
      'audit_log_v4',
    );
    expect((await call('GET', '/admin/projections')).body['items']).toContainEqual(
      expect.objectContaining({ name: 'audit-log', activeVersion: 3, state: 'live' }),
    );
  });

  it('lists an event the projection could not apply, retries it in vain, and skips it with who and why', async () => {
    const [position] = await fixture.write('kudos', [
      {
        partition: 0,
        key: 'broken',
        value: Buffer.from([0, 0, 0, 0, 1, 2]),
        headers: {},
        metadata: {} as never,
        type: 'KudosGiven',
      },
    ]);
    // The active version's projector (the replaced one may still be finishing its last seconds).
    const active = (letter: Record<string, unknown>) => letter['reader'] === 'audit-log@3';
    let letters: Array<Record<string, unknown>> = [];
    // A bound, not a speed check: on a loaded machine the new version's consumer can take a while to
    // join its group after the switch.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !letters.some(active)) {
      const answer = await call('GET', '/admin/dead-letters?projection=audit-log');
      expect(answer.status).toBe(200);
      letters = answer.body['items'] as Array<Record<string, unknown>>;
      if (!letters.some(active)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    letters = letters.filter(active);
    expect(letters).toEqual([
      expect.objectContaining({
        projection: 'audit-log',
        reader: 'audit-log@3',
        position,
        key: 'broken',
        state: 'open',
        reason: expect.stringContaining('header'),
        skipped: null,
      }),
    ]);
    expect((await call('GET', '/admin/projections')).body['items']).toContainEqual(
      expect.objectContaining({ name: 'audit-log', deadLetters: 1 }),
    );
    const id = String(letters[0]?.['id']);
    // Retried with the code running now: the record is still not Avro, so it stays open, saying why.
    const retried = await call('POST', `/admin/dead-letters/${id}/retry`);
    expect(retried).toMatchObject({ status: 409, body: { code: 'DEAD_LETTER_STILL_FAILS' } });
    expect(
      (await call('GET', '/admin/dead-letters?projection=audit-log&state=open')).body['items'],
    ).toContainEqual(
      expect.objectContaining({
        id,
        state: 'open',
        reason: expect.stringContaining('undecodable'),
        retried: null,
      }),
    );
    expect((await call('POST', '/admin/dead-letters/bm9uZQ/retry')).status).toBe(404);
    // The web app sends its last write's position on every read; this list takes it too.
    expect((await call('GET', `/admin/dead-letters?consistentWith=${position}`)).status).toBe(200);
    expect(
      (await call('POST', `/admin/dead-letters/${id}/retry`, await fixture.token(['auditor']))).status,
    ).toBe(403);
    const skipped = await call('POST', `/admin/dead-letters/${id}/skip`, admin, { reason: 'test record' });
    expect(skipped).toMatchObject({
      status: 200,
      body: { item: { state: 'skipped', skipped: { reason: 'test record', by: expect.any(String) } } },
    });
    expect((await call('POST', `/admin/dead-letters/${id}/skip`, admin, { reason: 'again' })).status).toBe(
      409,
    );
    expect(await call('POST', `/admin/dead-letters/${id}/retry`)).toMatchObject({
      status: 409,
      body: { code: 'DEAD_LETTER_CLOSED' },
    });
    expect((await call('POST', `/admin/dead-letters/${id}/skip`, admin, {})).status).toBe(400);
    expect((await call('GET', '/admin/projections')).body['items']).toContainEqual(
      expect.objectContaining({ name: 'audit-log', deadLetters: 0 }),
    );
    expect((await call('GET', '/admin/dead-letters?state=skipped')).body['items']).toHaveLength(1);
  }, 150_000);

  it('answers 404 for a projection it does not have', async () => {
    expect(await call('POST', '/admin/projections/nothing/rebuild', admin, {})).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
  });
});
