// npm run bench:query — the read path under load: autocannon with 100 connections (in a worker
// thread, so the load does not share the servers' thread) against (a) a Fastify hello world and
// (b) Fastify plus the native MongoDB driver's findOne by _id on the same MongoDB, no auth (the floor
// this stack allows), then the query API as it runs in production (tokens checked, the production
// logger, response schemas): GET /users/{id}, one page of GET /users and one page of GET /feed.
// Rounds of BENCH_QUERY_SECONDS (5) per target, interleaved, BENCH_QUERY_ROUNDS (3) times; prints
// the median of each, the by-id read against (a) and (b). Last line: `ratio: X` (by-id / hello world).
// BENCH_QUERY_PROFILE=<file>: a CPU profile of this process while the query API is loaded.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import mongoose from 'mongoose';
import { serviceLogging } from '@engage/auth';
import { buildApp, configFromEnv } from '@engage/query-api';
import { collectionOf } from '@engage/projectors';
import { startSystem } from '@engage/test-harness/system';
import { benchServers } from './servers.ts';

const seconds = Number(process.env['BENCH_QUERY_SECONDS'] ?? 5);
const rounds = Number(process.env['BENCH_QUERY_ROUNDS'] ?? 3);
const connections = 100;
const say = (line: string) => void process.stderr.write(`bench:query: ${line}\n`);

const { endpoints, release } = await benchServers();
process.env['KAFKA_BROKERS'] = endpoints.kafkaBrokers;
process.env['SCHEMA_REGISTRY_URL'] = endpoints.schemaRegistryUrl;
process.env['MONGO_URL'] = endpoints.mongoUrl;

const admin = { email: 'bench.admin@example.com', password: 'bench admin passphrase here' };
const system = await startSystem(admin, { tokenTtlSeconds: 3600 });
const reader = await system.person('Reader');
say('registering 25 people and writing 25 posts');
const adminToken = await system.signIn(admin.email, admin.password, 'users:manage');
let lastUser = '';
let lastPost = '';
for (let index = 0; index < 25; index += 1) {
  const user = await system.command('POST', '/users', adminToken, {
    email: `person${index}@example.com`,
    password: 'an ordinary passphrase 42',
    firstName: `Person${index}`,
    lastName: 'Example',
  });
  const post = await system.command('POST', '/posts', reader.token, {
    text: `Post number ${index}: what the team shipped this week, and what comes next.`,
  });
  if (user.status !== 201 || post.status !== 201) throw new Error('seeding failed');
  lastUser = String(user.body['position']);
  lastPost = String(post.body['position']);
}
for (const path of [`/users?limit=1&consistentWith=${lastUser}`, `/feed?limit=1&consistentWith=${lastPost}`])
  if ((await system.query(path, reader.token)).status !== 200) throw new Error(`GET ${path} failed`);
// The writers' Kafka consumers would share the servers' thread: only the read side runs from here.
await system.halt();

/** Listens on a free loopback port; its base URL. */
async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

// (a) Fastify hello world.
const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));
const helloUrl = await listen(hello);

// (b) Fastify and the native driver: findOne by _id in the same read model, nothing else.
const client = await new mongoose.mongo.MongoClient(endpoints.mongoUrl).connect();
const profiles = client
  .db(system.db.name)
  .collection<{ _id: string }>(
    collectionOf({ name: 'user-profile', version: await versionOf('user-profile') }),
  );
const native = Fastify({ logger: false });
native.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
  const doc = await profiles.findOne({ _id: request.params.id });
  return doc ?? reply.code(404).send({ statusCode: 404 });
});
const nativeUrl = await listen(native);

// The query API as `server.ts` runs it, its log lines written where nobody reads them.
const queries = await buildApp(
  { ...configFromEnv(), mongoDatabase: system.db.name, topicPrefix: system.prefix },
  serviceLogging('query-api', { ...process.env, NODE_ENV: 'production' }, { write: () => undefined }),
);
const queryUrl = await listen(queries);

async function versionOf(name: string): Promise<number> {
  const pointer = await system.db
    .collection<{ _id: string; active: number }>('projection_versions')
    .findOne({ _id: name });
  if (pointer === null) throw new Error(`no active version of ${name}`);
  return pointer.active;
}

interface Figures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** One autocannon run of `seconds` against `url`. */
async function load(url: string, token: string | undefined, duration: number): Promise<Figures> {
  const result = await autocannon({
    url,
    connections,
    workers: 1,
    duration,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const targets = [
  { name: '(a) Fastify hello world', url: `${helloUrl}/` },
  { name: '(b) Fastify + native findOne by _id, no auth', url: `${nativeUrl}/users/${reader.id}` },
  { name: 'query API GET /users/{id}', url: `${queryUrl}/users/${reader.id}`, token: reader.token },
  { name: 'query API GET /users?limit=20', url: `${queryUrl}/users?limit=20`, token: reader.token },
  { name: 'query API GET /feed?limit=20', url: `${queryUrl}/feed?limit=20`, token: reader.token },
];
say(`${connections} connections, ${rounds} rounds of ${seconds} s each, taking the median`);
for (const target of targets) await load(target.url, target.token, 2); // warm-up: JIT, pools, caches
const profileFile = process.env['BENCH_QUERY_PROFILE'];
const profiler = new Session();
// Rounds interleave the targets, so a neighbour's burst on this shared machine hits them alike.
const runs = targets.map(() => [] as Figures[]);
for (let round = 0; round < rounds; round += 1) {
  for (const [index, target] of targets.entries()) {
    if (profileFile !== undefined && round === rounds - 1 && index === 2) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    runs[index]?.push(await load(target.url, target.token, seconds));
  }
}
if (profileFile !== undefined) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  say(`CPU profile of the query API under load (last round) in ${profileFile}`);
}
const [helloWorld, floor, byId] = targets.map((target, index) => {
  const figures = runs[index] ?? [];
  const result = {
    perSecond: median(figures.map((each) => each.perSecond)),
    p50: median(figures.map((each) => each.p50)),
    p99: median(figures.map((each) => each.p99)),
  };
  console.log(
    `${target.name}: ${result.perSecond.toFixed(0)} requests/s, p50 ${result.p50} ms, p99 ${result.p99} ms`,
  );
  return result;
}) as [Figures, Figures, Figures];

console.log(
  `by id / hello world: ${(byId.perSecond / helloWorld.perSecond).toFixed(3)} (p99 ${(byId.p99 / helloWorld.p99).toFixed(1)} times)`,
);
console.log(
  `by id / native findOne: ${(byId.perSecond / floor.perSecond).toFixed(3)} (p99 ${(byId.p99 / floor.p99).toFixed(1)} times)`,
);
await Promise.all([hello.close(), native.close(), queries.close(), client.close()]);
await system.stop();
await release();
console.log(`ratio: ${(byId.perSecond / helloWorld.perSecond).toFixed(3)}`);
process.exit(0);
