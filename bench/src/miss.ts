// npm run bench:miss — what the read-after-write wait adds to a real 404. A GET of a user nobody
// registered, through the query API (Fastify inject, no network), BENCH_MISSES times (default
// 500) on each of two apps over the same database: one that waits on a miss (it looks at the log's
// ends and the read model's checkpoint, then reads once more) and one without a log to wait for
// (the miss answered at once, as before). The read model is caught up, as it is for a real miss.
// Last line: `ratio: X` (p50 with the wait / p50 without).
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { issueAccessToken, KeyStore } from '@engage/auth';
import { createKafka, EventCodec } from '@engage/event-log';
import { Projector, projections } from '@engage/projectors';
import { buildApp, configFromEnv } from '@engage/query-api';
import { benchServers, percentile } from './servers.ts';

const misses = Number(process.env['BENCH_MISSES'] ?? 500);

const { endpoints, release } = await benchServers();
const prefix = `miss${randomUUID().slice(0, 6)}-`;
const database = `bench_${prefix.replaceAll('-', '')}`;
const db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
const userProfileProjection = projections.find((projection) => projection.name === 'user-profile');
if (userProfileProjection === undefined) throw new Error('no user-profile projection');
// The projector creates the topics and keeps the read model's checkpoint at the log's end.
const projector = new Projector({
  kafka: createKafka(endpoints.kafkaBrokers, 'bench-miss'),
  codec: await EventCodec.create(endpoints.schemaRegistryUrl),
  db,
  projection: userProfileProjection,
  topicPrefix: prefix,
});
await projector.start();
const config = {
  ...configFromEnv({
    ...process.env,
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    MONGO_URL: endpoints.mongoUrl,
  }),
  mongoDatabase: database,
  topicPrefix: prefix,
  pusher: false,
};
const waiting = await buildApp(config);
const atOnce = await buildApp({ ...config, kafkaBrokers: [] });
const tokens = { issuer: 'engage', audience: 'engage-api' };
const token = issueAccessToken(
  await new KeyStore(db).current(),
  { sub: 'bench-reader', roles: ['member'], permissions: ['people:read'] },
  { ...tokens, ttlSeconds: 3600 },
);

async function miss(app: typeof waiting): Promise<number> {
  const began = performance.now();
  const answer = await app.inject({
    method: 'GET',
    url: `/users/${randomUUID()}`,
    headers: { authorization: `Bearer ${token}` },
  });
  if (answer.statusCode !== 404) throw new Error(`a miss answered ${answer.statusCode}: ${answer.body}`);
  return performance.now() - began;
}

// Warm both (connections, JIT), then alternate so both see the same load.
for (let index = 0; index < 50; index += 1) await Promise.all([miss(waiting), miss(atOnce)]);
const withWait: number[] = [];
const without: number[] = [];
for (let index = 0; index < misses; index += 1) {
  withWait.push(await miss(waiting));
  without.push(await miss(atOnce));
}
withWait.sort((a, b) => a - b);
without.sort((a, b) => a - b);
const figures = (sorted: number[]) =>
  `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`;
console.log(`${misses} misses, GET /users/{unknown id}`);
console.log(`  waiting on a miss: ${figures(withWait)}`);
console.log(`  answered at once:  ${figures(without)}`);
console.log(
  `  added by the wait: p50 ${(percentile(withWait, 50) - percentile(without, 50)).toFixed(2)} ms, p99 ${(
    percentile(withWait, 99) - percentile(without, 99)
  ).toFixed(2)} ms`,
);
await waiting.close();
await atOnce.close();
await projector.stop();
await db.dropDatabase();
await db.close();
await release();
console.log(`ratio: ${(percentile(withWait, 50) / percentile(without, 50)).toFixed(2)}`);
process.exit(0);
