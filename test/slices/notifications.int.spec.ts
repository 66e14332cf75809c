// Notifications end to end: the inbox, grouped likes, broadcasts and the websocket pusher, with
// two pusher instances, offline catch-up, and a replay or a rebuild that pushes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { issueAccessToken, KeyStore } from '@engage/auth';
import { createKafka, EventCodec } from '@engage/event-log';
import {
  collectionOf,
  inboxProjection,
  projectionKey,
  projections,
  readCheckpoint,
  RebuildRunner,
  rebuildsOf,
  rewindCheckpoint,
  type Projector,
} from '@engage/projectors';
import { buildApp, configFromEnv } from '@engage/query-api';
import { startSystem, type Answer, type Person, type System } from './system.ts';

const admin = { email: 'notify.admin@example.com', password: 'the admin passphrase, long' };
const allowedOrigin = 'http://localhost:8000';

interface Listener {
  readonly socket: WebSocket;
  readonly messages: Array<Record<string, unknown>>;
  readonly closed: Promise<{ code: number; reason: string }>;
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a socket; resolves once open, or rejects with the HTTP status the upgrade got. */
function listen(
  address: string,
  token: string | null,
  options: { origin?: string; inQuery?: boolean } = {},
): Promise<Listener> {
  const url = `${address.replace('http', 'ws')}/notifications/stream${options.inQuery && token ? `?access_token=${token}` : ''}`;
  const socket = new WebSocket(url, {
    headers: token && !options.inQuery ? { authorization: `Bearer ${token}` } : {},
    ...(options.origin === undefined ? {} : { origin: options.origin }),
  });
  const messages: Array<Record<string, unknown>> = [];
  let waiting: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>);
    for (const wake of waiting) wake();
    waiting = [];
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  let read = 0;
  const next = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length <= read) {
      if (Date.now() > deadline) throw new Error('no message within the time');
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    read += 1;
    return messages[read - 1] as Record<string, unknown>;
  };
  return new Promise((resolve, reject) => {
    socket.on('open', () => resolve({ socket, messages, closed, next }));
    socket.on('unexpected-response', (_request, response) => {
      reject(
        Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { status: response.statusCode }),
      );
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
  });
}

describe('notifications through HTTP, Kafka, MongoDB and websockets', () => {
  let system: System;
  let adminToken: string;
  let address: string;
  let kindId: string;
  const listeners: Listener[] = [];

  const person = (name: string) => system.person(name, 'notifications:read');
  const open = async (token: string, options: { origin?: string; inQuery?: boolean } = {}, at = address) => {
    const listener = await listen(at, token, { origin: allowedOrigin, ...options });
    listeners.push(listener);
    return listener;
  };
  const giveKudos = (from: Person, to: Person, reason: string) =>
    system.command('POST', '/kudos', from.token, { to: to.id, kind: kindId, reason });
  const inbox = async (who: Person, query = '') =>
    (await system.query(`/notifications${query}`, who.token)).body as {
      items: Array<Record<string, unknown>>;
      next: string | null;
      unreadCount: number;
    };

  beforeAll(async () => {
    system = await startSystem(admin, { pusher: true });
    address = system.queriesAddress ?? '';
    adminToken = await system.signIn(admin.email, admin.password, 'notifications:broadcast');
    const kind = await system.command('POST', '/kudos-kinds', adminToken, {
      name: 'Thanks',
      description: 'Thank you',
    });
    kindId = kind.body['id'] as string;
    await system.query(`/kudos-kinds?consistentWith=${String(kind.body['position'])}`, adminToken);
    await (system.queries as FastifyInstance & { pusher: { ready: Promise<void> } }).pusher.ready;
  }, 120_000);

  afterAll(async () => {
    for (const listener of listeners) listener.socket.terminate();
    await (system as System | undefined)?.stop();
  }, 120_000);

  it("pushes kudos received to the receiver's open socket, puts it in the inbox unread, and marks it read", async () => {
    const ann = await person('Ann');
    const bob = await person('Bob');
    const socket = await open(bob.token);
    const given = await giveKudos(ann, bob, 'Fixed the build');
    expect(given.status).toBe(201);
    const pushed = await socket.next();
    expect(pushed).toMatchObject({
      id: expect.stringMatching(/^kudos:/),
      type: 'kudos-received',
      data: { from: ann.id, kind: kindId, reason: 'Fixed the build' },
      read: false,
    });
    const listed = await inbox(bob, `?consistentWith=${String(given.body['position'])}`);
    expect(listed.unreadCount).toBe(1);
    expect(listed.items).toEqual([pushed]);
    const read = await system.command(
      'POST',
      `/notifications/${encodeURIComponent(String(pushed['id']))}/read`,
      bob.token,
    );
    expect(read.status).toBe(200);
    const after = await inbox(bob, `?consistentWith=${String(read.body['position'])}`);
    expect(after).toMatchObject({ unreadCount: 0, items: [{ id: pushed['id'], read: true }] });
    expect((await inbox(bob, '?unread=true')).items).toEqual([]);
    // Nobody marks someone else's notification.
    expect(
      (
        await system.command(
          'POST',
          `/notifications/${encodeURIComponent(String(pushed['id']))}/read`,
          ann.token,
        )
      ).status,
    ).toBe(404);
  });

  it('opens no socket without a token, with an expired one, or from a foreign origin; closes one when its token expires', async () => {
    const carl = await person('Carl');
    const refused = async (promise: Promise<Listener>) =>
      await promise.then(
        () => 0,
        (error: { status?: number }) => error.status ?? -1,
      );
    expect(await refused(listen(address, null, { origin: allowedOrigin }))).toBe(401);
    const signing = await new KeyStore(system.db).current();
    const claims = { sub: carl.id, roles: ['member'], permissions: ['notifications:read'] };
    const settings = { issuer: 'engage', audience: 'engage-api' };
    const expired = issueAccessToken(
      signing,
      claims,
      { ...settings, ttlSeconds: 60 },
      Date.now() - 3_600_000,
    );
    expect(await refused(listen(address, expired, { origin: allowedOrigin }))).toBe(401);
    expect(await refused(listen(address, carl.token, { origin: 'https://evil.example' }))).toBe(403);
    // The token may ride in the query string (browsers send no headers on an upgrade).
    const viaQuery = await open(carl.token, { inQuery: true });
    expect(viaQuery.socket.readyState).toBe(WebSocket.OPEN);
    const shortLived = issueAccessToken(signing, claims, { ...settings, ttlSeconds: 2 });
    const expiring = await open(shortLived);
    const closed = await Promise.race([
      expiring.closed,
      sleep(8_000).then(() => ({ code: 0, reason: 'still open' })),
    ]);
    expect(closed.code).toBe(4001);
  });

  it('loses nothing while the receiver is offline: the inbox has it, and after=<cursor> returns what was missed', async () => {
    const ann = await person('Ann');
    const dora = await person('Dora');
    const first = await giveKudos(ann, dora, 'One');
    const seen = await inbox(dora, `?consistentWith=${String(first.body['position'])}`);
    const cursor = String(seen.items[0]?.['cursor']);
    const missed = [await giveKudos(ann, dora, 'Two'), await giveKudos(ann, dora, 'Three')];
    const socket = await open(dora.token);
    const caughtUp = await inbox(
      dora,
      `?after=${cursor}&consistentWith=${String(missed[1]?.body['position'])}`,
    );
    expect(caughtUp.items.map((item) => (item['data'] as { reason: string }).reason)).toEqual([
      'Three',
      'Two',
    ]);
    // Events the pusher reads after the socket opened may come over it too; a client keeps one per id.
    await sleep(500);
    const missedIds = caughtUp.items.map((item) => item['id']);
    expect(socket.messages.filter((message) => !missedIds.includes(message['id']))).toEqual([]);
  });

  it('delivers each notification once to each socket when two pusher instances run', async () => {
    const ann = await person('Ann');
    const eve = await person('Eve');
    const second: FastifyInstance = await buildApp({
      ...configFromEnv(),
      mongoDatabase: system.db.name,
      topicPrefix: system.prefix,
      pusher: true,
    });
    try {
      await second.listen({ host: '127.0.0.1', port: 0 });
      const port = (second.server.address() as { port: number }).port;
      await (second as FastifyInstance & { pusher: { ready: Promise<void> } }).pusher.ready;
      const onFirst = await open(eve.token);
      const onSecond = await open(eve.token, {}, `http://127.0.0.1:${port}`);
      const given = await giveKudos(ann, eve, 'Twice over');
      expect(given.status).toBe(201);
      const [first, other] = [await onFirst.next(), await onSecond.next()];
      expect(first).toMatchObject({ type: 'kudos-received', data: { reason: 'Twice over' } });
      expect(other).toEqual(first);
      // Marked read the moment it arrives, before the inbox may hold it.
      const read = await system.command(
        'POST',
        `/notifications/${encodeURIComponent(String(first['id']))}/read`,
        eve.token,
      );
      expect(read.status).toBe(200);
      await sleep(1_000);
      expect([onFirst.messages.length, onSecond.messages.length]).toEqual([1, 1]);
    } finally {
      await second.close();
    }
  });

  it('groups 50 likes on one post into one notification whose count is 50', async () => {
    const author = await person('Fay');
    const post = await system.command('POST', '/posts', author.token, { text: 'Like this' });
    const likers = await Promise.all(Array.from({ length: 50 }, (_, index) => person(`Fan${index}`)));
    const likes = await Promise.all(
      likers.map((liker) => system.command('PUT', `/posts/${String(post.body['id'])}/like`, liker.token)),
    );
    expect(likes.every((answer) => answer.status === 200)).toBe(true);
    const newest = likes
      .map((answer) => String(answer.body['position']))
      .sort((a, b) => Number(a.split(':')[2]) - Number(b.split(':')[2]))
      .at(-1);
    const listed = await inbox(author, `?consistentWith=${newest}`);
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: `likes:${String(post.body['id'])}`,
        type: 'likes',
        data: expect.objectContaining({ count: 50 }),
        read: false,
      }),
    ]);
    expect(listed.unreadCount).toBe(1);
  }, 120_000);

  it('brings a broadcast to every connected user and every inbox; read-all clears the count', async () => {
    const gus = await person('Gus');
    const hal = await person('Hal');
    const ivy = await person('Ivy'); // never connected
    const gusSocket = await open(gus.token);
    const halSocket = await open(hal.token);
    const sent = await system.command('POST', '/notifications/broadcast', adminToken, {
      title: 'Heads up',
      message: 'Office closed Friday',
    });
    expect(sent.status).toBe(201);
    for (const socket of [gusSocket, halSocket])
      expect(await socket.next()).toMatchObject({
        type: 'broadcast',
        data: { title: 'Heads up', message: 'Office closed Friday' },
        read: false,
      });
    for (const who of [gus, hal, ivy]) {
      const listed = await inbox(who, `?consistentWith=${String(sent.body['position'])}`);
      expect(listed.items.map((item) => item['id'])).toContain(sent.body['id']);
    }
    const memberTries = await system.command('POST', '/notifications/broadcast', ivy.token, {
      title: 'Me too',
      message: 'x',
    });
    expect(memberTries.status).toBe(403);
    const allRead = await system.command('POST', '/notifications/read-all', ivy.token);
    expect((await inbox(ivy, `?consistentWith=${String(allRead.body['position'])}`)).unreadCount).toBe(0);
    expect((await inbox(gus)).unreadCount).toBe(1);
  });

  it('pushes nothing new and keeps the same inbox when the notifications projection replays the log', async () => {
    const jon = await person('Jon');
    const ann = await person('Ann');
    const last: Answer = await giveKudos(ann, jon, 'Before the replay');
    await inbox(jon, `?consistentWith=${String(last.body['position'])}`);
    const socket = await open(jon.token);
    const collection = system.db.collection(collectionOf(inboxProjection));
    const before = await collection.find({}).sort({ _id: 1 }).toArray();
    const target = await readCheckpoint(system.db, projectionKey(inboxProjection));
    // Replay from the start over the same documents, as a rebuild or a restarted projector does.
    await rewindCheckpoint(system.db, projectionKey(inboxProjection));
    await system.replay(inboxProjection, system.db, target);
    await sleep(1_000);
    expect(socket.messages).toEqual([]);
    expect(await collection.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  }, 120_000);

  it('holds side effects while the notifications projection is rebuilt through the admin routes: nothing pushed again, no second notification', async () => {
    const lia = await person('Lia');
    const ann = await person('Ann');
    const first: Answer = await giveKudos(ann, lia, 'Before the rebuild');
    await inbox(lia, `?consistentWith=${String(first.body['position'])}`);
    const socket = await open(lia.token);
    const operator = await system.signIn(admin.email, admin.password, 'projections:manage');
    const live = new Map<string, Projector>();
    const runner = new RebuildRunner({
      kafka: createKafka(process.env['KAFKA_BROKERS'] ?? '', 'slice-rebuilds'),
      codec: await EventCodec.create(process.env['SCHEMA_REGISTRY_URL'] ?? ''),
      db: system.db,
      projections,
      topicPrefix: system.prefix,
      live,
      pollMs: 100,
      log: () => undefined,
    });
    runner.start();
    try {
      const asked = await system.queries.inject({
        method: 'POST',
        url: '/admin/projections/notifications/rebuild',
        headers: { authorization: `Bearer ${operator}` },
        payload: { autoSwitch: true },
      });
      expect(asked.statusCode).toBe(202);
      const version = asked.json<{ version: number }>().version;
      // A kudos given while the rebuild runs is pushed once, by the pusher reading the log.
      const during: Answer = await giveKudos(ann, lia, 'During the rebuild');
      const pushed = await socket.next(30_000);
      expect(pushed).toMatchObject({ type: 'kudos-received', data: { reason: 'During the rebuild' } });
      const deadline = Date.now() + 120_000;
      let state = '';
      while (state !== 'switched' && Date.now() < deadline) {
        await sleep(100);
        state = (await rebuildsOf(system.db).findOne({ _id: 'notifications' }))?.state ?? '';
      }
      expect(state).toBe('switched');
      await sleep(1_000);
      // The rebuild applied both kudos again into its own collection: nothing more reached the socket.
      expect(socket.messages).toHaveLength(1);
      const items = (await inbox(lia, `?consistentWith=${String(during.body['position'])}`)).items;
      expect(items.map((item) => (item['data'] as Record<string, unknown>)['reason']).sort()).toEqual([
        'Before the rebuild',
        'During the rebuild',
      ]);
      const rebuilt = system.db.collection(collectionOf({ name: 'notifications', version }));
      expect(await rebuilt.countDocuments({ recipient: lia.id })).toBeGreaterThan(0);
    } finally {
      await runner.stop();
      await Promise.all([...live.values()].map((projector) => projector.stop()));
    }
  }, 240_000);
});
