// npm run bench:push — the notification pusher with 1,000 sockets on loopback, against a bare `ws`
// server sending the same payloads to the same number of clients at the same pace. Broadcasts
// (one event, a message to every socket) go in at BENCH_PUSH_RATE per second for
// BENCH_PUSH_SECONDS; both sides are measured as deliveries per second over the run and the p99
// from the event appended (command answered) to the message received. Then, with no sockets, the
// p99 from a command answered to its effect visible in the read model at 1,000 commands per second.
// Last line: `ratio: X` (our deliveries per second / the bare server's).
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import mongoose from 'mongoose';
import WebSocket, { WebSocketServer } from 'ws';
import { issueAccessToken, KeyStore } from '@engage/auth';
import { startCommandService } from '@engage/command-services';
import { createKafka, endOffsets, EventCodec, parsePosition, startConsumer } from '@engage/event-log';
import { inboxProjection, projectionKey, Projector, readCheckpoint } from '@engage/projectors';
import { buildApp, configFromEnv } from '@engage/query-api';
import { benchServers, percentile } from './servers.ts';

const socketCount = Number(process.env['BENCH_SOCKETS'] ?? 1000);
const rate = Number(process.env['BENCH_PUSH_RATE'] ?? 20);
const seconds = Number(process.env['BENCH_PUSH_SECONDS'] ?? 10);
const commandRate = Number(process.env['BENCH_COMMAND_RATE'] ?? 1000);
const commandSeconds = Number(process.env['BENCH_COMMAND_SECONDS'] ?? 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const { endpoints, release } = await benchServers();
const prefix = `push${randomUUID().slice(0, 6)}-`;
const database = `bench_${prefix.replaceAll('-', '')}`;
const tokens = { issuer: 'engage', audience: 'engage-api' };
const service = await startCommandService({
  kafkaBrokers: endpoints.kafkaBrokers,
  schemaRegistryUrl: endpoints.schemaRegistryUrl,
  mongoUrl: endpoints.mongoUrl,
  mongoDatabase: database,
  host: '127.0.0.1',
  port: 0,
  internalToken: randomUUID(),
  topicPrefix: prefix,
  partitions: 6,
  tokens,
});
const db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
const projector = new Projector({
  kafka: createKafka(endpoints.kafkaBrokers, 'bench-inbox'),
  codec: await EventCodec.create(endpoints.schemaRegistryUrl),
  db,
  projection: inboxProjection,
  topicPrefix: prefix,
});
await projector.start();
const queries = await buildApp({
  ...configFromEnv({
    ...process.env,
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    MONGO_URL: endpoints.mongoUrl,
  }),
  mongoDatabase: database,
  topicPrefix: prefix,
  pusher: true,
});
await queries.listen({ host: '127.0.0.1', port: 0 });
const queryPort = (queries.server.address() as { port: number }).port;
await (queries as unknown as { pusher: { ready: Promise<void> } }).pusher.ready;

const key = await new KeyStore(db).current();
const token = (sub: string, permissions: string[]) =>
  issueAccessToken(key, { sub, roles: ['member'], permissions }, { ...tokens, ttlSeconds: 3600 });
const adminToken = token('bench-admin', ['notifications:broadcast']);
// One keep-alive pool of 64 connections, as a load balancer in front of the service would hold.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const serviceUrl = new URL(service.address);
const command = (path: string, bearer: string, body?: unknown) =>
  new Promise<{ id: string; position: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest(
      {
        agent,
        host: serviceUrl.hostname,
        port: serviceUrl.port,
        path,
        method: 'POST',
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          if ((response.statusCode ?? 500) >= 300)
            reject(new Error(`${path}: ${response.statusCode} ${text}`));
          else resolve(JSON.parse(text) as { id: string; position: string });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });

/** When each record of `topic` (`partition:offset`) reaches a plain consumer, from the end on. */
async function watchLog(topic: string): Promise<Map<string, number>> {
  const kafka = createKafka(endpoints.kafkaBrokers, 'bench-watch');
  const ends = await endOffsets(kafka, [topic]);
  const seen = new Map<string, number>();
  let assigned: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (assigned = resolve));
  watcher = await startConsumer(kafka, {
    groupId: `bench-watch-${randomUUID()}`,
    topics: [topic],
    startAt: async (each, partition) => ends.get(`${each}:${partition}`) ?? 0,
    onAssigned: () => assigned(),
    onBatch: async (batch) => {
      const at = performance.now();
      for (const record of batch.records) seen.set(`${batch.partition}:${record.offset}`, at);
    },
  });
  await ready;
  return seen;
}
let watcher: { stop(): Promise<void> } | undefined;

interface Clients {
  /** Per message id, when each client received it. */
  readonly received: Map<string, number[]>;
  readonly payloads: Map<string, string>;
  close(): void;
}

async function connect(
  url: (index: number) => string,
  headers: (index: number) => Record<string, string>,
): Promise<Clients> {
  const received = new Map<string, number[]>();
  const payloads = new Map<string, string>();
  const sockets: WebSocket[] = [];
  for (let batch = 0; batch < socketCount; batch += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, socketCount - batch) }, async (_, offset) => {
        const socket = new WebSocket(url(batch + offset), {
          headers: headers(batch + offset),
          origin: 'http://localhost:8000',
        });
        socket.on('message', (data) => {
          const at = performance.now();
          const text = (data as Buffer).toString('utf8');
          const id = (JSON.parse(text) as { id: string }).id;
          const times = received.get(id) ?? [];
          if (times.length === 0) payloads.set(id, text);
          times.push(at);
          received.set(id, times);
        });
        await new Promise((resolve, reject) => {
          socket.on('open', resolve);
          socket.on('error', reject);
        });
        sockets.push(socket);
      }),
    );
  }
  return { received, payloads, close: () => sockets.forEach((socket) => socket.terminate()) };
}

/** Deliveries per second over the run (first send to last delivery) and latencies from each `sentAt`. */
async function measure(clients: Clients, sentAt: Map<string, number>, began: number, expected: number) {
  const deadline = performance.now() + 30_000;
  const count = () => [...clients.received.values()].reduce((sum, times) => sum + times.length, 0);
  while (count() < expected && performance.now() < deadline) await sleep(50);
  const latencies: number[] = [];
  let last = began;
  for (const [id, times] of clients.received) {
    const sent = sentAt.get(id);
    if (sent === undefined) continue;
    for (const at of times) {
      latencies.push(Math.max(0, at - sent));
      last = Math.max(last, at);
    }
  }
  latencies.sort((a, b) => a - b);
  const delivered = latencies.length;
  return {
    delivered,
    perSecond: delivered / ((last - began) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const total = rate * seconds;
process.stderr.write(`connecting ${socketCount} sockets to the pusher\n`);
const ours = await connect(
  () => `ws://127.0.0.1:${queryPort}/notifications/stream`,
  (index) => ({ authorization: `Bearer ${token(`user-${index}`, ['notifications:read'])}` }),
);
// Warm-up: a few broadcasts through the whole path.
for (let index = 0; index < 5; index += 1)
  await command('/notifications/broadcast', adminToken, { title: 'warm-up', message: `${index}` });
await sleep(2_000);
ours.received.clear();
ours.payloads.clear();

process.stderr.write(`pusher: ${total} broadcasts at ${rate}/s to ${socketCount} sockets\n`);
const ourSentAt = new Map<string, number>();
const ourBegan = performance.now();
await Promise.all(
  Array.from({ length: total }, async (_, index) => {
    await sleep(Math.max(0, ourBegan + (index * 1000) / rate - performance.now()));
    const answer = await command('/notifications/broadcast', adminToken, {
      title: 'Heads up',
      message: `Broadcast number ${index} to everyone`,
    });
    ourSentAt.set(answer.id, performance.now());
  }),
);
const pusher = await measure(ours, ourSentAt, ourBegan, total * socketCount);
const payloads = [...ours.payloads.values()];
ours.close();

process.stderr.write(
  `bare ws: the same ${payloads.length} payloads at ${rate}/s to ${socketCount} sockets\n`,
);
const bare = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 });
await new Promise((resolve) => bare.on('listening', resolve));
const barePort = (bare.address() as { port: number }).port;
const theirs = await connect(
  () => `ws://127.0.0.1:${barePort}`,
  () => ({}),
);
const bareSentAt = new Map<string, number>();
const bareBegan = performance.now();
for (const [index, payload] of payloads.entries()) {
  await sleep(Math.max(0, bareBegan + (index * 1000) / rate - performance.now()));
  bareSentAt.set((JSON.parse(payload) as { id: string }).id, performance.now());
  for (const client of bare.clients) client.send(payload);
}
const baseline = await measure(theirs, bareSentAt, bareBegan, payloads.length * socketCount);
theirs.close();
bare.close();

// Read-your-writes lag: commands answered → applied by the read model, at a steady rate, no sockets.
process.stderr.write(`read model: ${commandRate * commandSeconds} commands at ${commandRate}/s\n`);
const readers = Array.from({ length: 200 }, (_, index) =>
  token(`reader-${index}`, ['notifications:manage-own']),
);
const pending: Array<{ topic: string; partition: number; offset: number; answeredAt: number }> = [];
// Where the lag goes: when a plain read-committed consumer of the same topic gets each event.
const answered: Array<{ key: string; answeredAt: number }> = [];
const seenAt = await watchLog(`${prefix}notifications`);
const visible: number[] = [];
let polling = true;
let commandsDone = Number.POSITIVE_INFINITY;
const poller = (async () => {
  const keyOf = projectionKey(inboxProjection);
  while (polling || pending.length > 0) {
    const checkpoint = await readCheckpoint(db, keyOf);
    const now = performance.now();
    for (let index = pending.length - 1; index >= 0; index -= 1) {
      const each = pending[index];
      if (each && (checkpoint[`${each.topic}:${each.partition}`] ?? 0) > each.offset) {
        visible.push(now - each.answeredAt);
        pending.splice(index, 1);
      }
    }
    if (!polling && now > commandsDone + 10_000) break;
    await sleep(Number(process.env['BENCH_POLL_MS'] ?? 5));
  }
})();
const commandBegan = performance.now();
let failures = 0;
const failureKinds = new Map<string, number>();
await Promise.all(
  Array.from({ length: commandRate * commandSeconds }, async (_, index) => {
    await sleep(Math.max(0, commandBegan + (index * 1000) / commandRate - performance.now()));
    try {
      const answer = await command('/notifications/read-all', readers[index % readers.length] ?? '');
      const position = parsePosition(answer.position);
      if (position) {
        const answeredAt = performance.now();
        pending.push({ ...position, answeredAt });
        answered.push({ key: `${position.partition}:${position.offset}`, answeredAt });
      }
    } catch (error) {
      failures += 1;
      const kind = String(error).slice(0, 160);
      failureKinds.set(kind, (failureKinds.get(kind) ?? 0) + 1);
    }
  }),
);
const achieved = (commandRate * commandSeconds - failures) / ((performance.now() - commandBegan) / 1000);
commandsDone = performance.now();
polling = false;
await poller;
visible.sort((a, b) => a - b);
const inKafka = answered
  .flatMap((each) => {
    const at = seenAt.get(each.key);
    return at === undefined ? [] : [at - each.answeredAt];
  })
  .sort((a, b) => a - b);

await watcher?.stop();
await queries.close();
await projector.stop();
await service.stop();
await db.dropDatabase();
await db.close();
await release();

const fixed = (value: number, digits = 1) => value.toFixed(digits);
console.log(
  `sockets: ${socketCount}; broadcasts: ${total} at ${rate}/s (${rate * socketCount} deliveries/s offered)`,
);
console.log(
  `pusher:  ${pusher.delivered} delivered, ${fixed(pusher.perSecond, 0)}/s, p50 ${fixed(pusher.p50)} ms, p99 ${fixed(pusher.p99)} ms (event appended → message received)`,
);
console.log(
  `bare ws: ${baseline.delivered} delivered, ${fixed(baseline.perSecond, 0)}/s, p50 ${fixed(baseline.p50)} ms, p99 ${fixed(baseline.p99)} ms (send → message received)`,
);
console.log(
  `read model: ${fixed(achieved, 0)} commands/s achieved (${failures} failed); command answered → visible: p50 ${fixed(percentile(visible, 50))} ms, p99 ${fixed(percentile(visible, 99))} ms over ${visible.length} commands (target p99 ≤ 50 ms)`,
);
console.log(
  `  of which Kafka: a plain read-committed consumer got the event p50 ${fixed(percentile(inKafka, 50))} ms, p99 ${fixed(percentile(inKafka, 99))} ms after the answer`,
);
for (const [kind, count] of failureKinds) console.log(`failed ${count}×: ${kind}`);
console.log(`ratio: ${(pusher.perSecond / baseline.perSecond).toFixed(2)}`);
process.exit(0);
