// npm run bench:rebuild — a projection rebuilt through the admin path (requestRebuild, the
// RebuildRunner's lease and progress, a new version into new collections) against the live
// projector replaying the same log from the beginning; the shadow diff's time over the result; and
// GET /audit/export streaming BENCH_EXPORT_EVENTS audit events over HTTP: throughput and the
// process's RSS (sampled every 20 ms) before and at its peak. Last line: `ratio: X` (rebuild
// events/s over replay events/s; the target is 0.8 or more).
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { builtInRoles, issueAccessToken, KeyStore } from '@engage/auth';
import { createKafka, EventCodec, type DomainEvent } from '@engage/event-log';
import { catalogHistory, writeHistory } from '@engage/event-log/testing';
import {
  collectionOf,
  kudosKindsProjection,
  lagOf,
  projections,
  Projector,
  RebuildRunner,
  rebuildsOf,
  requestRebuild,
  shadowDiff,
  switchActiveVersion,
} from '@engage/projectors';
import { buildApp, configFromEnv } from '@engage/query-api';
import { benchServers } from './servers.ts';

const aggregates = Number(process.env['BENCH_AGGREGATES'] ?? 10_000);
const eventsPerAggregate = Number(process.env['BENCH_EVENTS_PER_AGGREGATE'] ?? 100);
const exportEvents = Number(process.env['BENCH_EXPORT_EVENTS'] ?? 100_000);
const partitions = 6;
const total = aggregates * eventsPerAggregate;

const { endpoints, release } = await benchServers();
const say = (line: string): void => void process.stderr.write(`${line}\n`);
const mb = (bytes: number) => bytes / 1024 / 1024;
const prefix = `rebuild${randomUUID().slice(0, 6)}-`;
const kafka = createKafka(endpoints.kafkaBrokers, 'bench-rebuild');
const codec = await EventCodec.create(endpoints.schemaRegistryUrl);
const db = await mongoose
  .createConnection(endpoints.mongoUrl, { dbName: `bench_rebuild_${prefix.replaceAll('-', '')}` })
  .asPromise();

say(`writing ${total} events over ${aggregates} aggregates ...`);
const chain = new Map<string, { version: number; hash: string }>();
const history = catalogHistory(aggregates, eventsPerAggregate);
for (let start = 0; start < history.length; start += 100_000)
  await writeHistory(
    kafka,
    codec,
    `${prefix}catalogs`,
    history.slice(start, start + 100_000),
    partitions,
    chain,
  );

// The live projector replaying the whole log from the beginning: the baseline.
const live = new Projector({ kafka, codec, db, projection: kudosKindsProjection, topicPrefix: prefix });
const replayBegan = performance.now();
await live.start();
while ((await lagOf(kafka, db, live.key, live.topics)).lag > 0) await sleep(100);
const replaySeconds = (performance.now() - replayBegan) / 1000;
await live.stop();
await switchActiveVersion(db, kudosKindsProjection.name, kudosKindsProjection.version);

// The same log rebuilt as an admin asks for it: a new version, run by the runner that holds the lease.
const runner = new RebuildRunner({
  kafka,
  codec,
  db,
  projections: [kudosKindsProjection],
  topicPrefix: prefix,
  live: new Map(),
  pollMs: 100,
});
const rebuildBegan = performance.now();
const asked = await requestRebuild(db, kudosKindsProjection, { autoSwitch: false, requestedBy: 'bench' });
runner.start();
for (;;) {
  const rebuild = await rebuildsOf(db).findOne({ _id: kudosKindsProjection.name });
  if (rebuild?.state === 'ready') break;
  if (rebuild?.state === 'failed') throw new Error(`rebuild failed: ${String(rebuild.error)}`);
  await sleep(50);
}
const rebuildSeconds = (performance.now() - rebuildBegan) / 1000;
await runner.stop();

const diffBegan = performance.now();
const diff = await shadowDiff(
  db,
  collectionOf(kudosKindsProjection),
  collectionOf({ name: kudosKindsProjection.name, version: asked.version }),
);
const diffSeconds = (performance.now() - diffBegan) / 1000;

// The export: audit events projected by the audit-log projector, streamed by the query API over HTTP.
say(`writing and projecting ${exportEvents} kudos events for the export ...`);
const gifts: Array<{ aggregateId: string; event: DomainEvent }> = Array.from(
  { length: exportEvents },
  (_, index) => {
    const kudosId = `k-${index}`;
    return {
      aggregateId: kudosId,
      event: {
        type: 'KudosGiven',
        data: {
          kudosId,
          from: `u-${index % 500}`,
          to: `u-${(index + 1) % 500}`,
          kindId: 'helper',
          reason: 'Thanks for the review, with "quotes", commas and ünïcödé',
          budgetPeriod: '2026-W01',
          givenAt: Date.UTC(2026, 0, 1) + index,
        },
      },
    };
  },
);
for (let start = 0; start < gifts.length; start += 50_000)
  await writeHistory(kafka, codec, `${prefix}kudos`, gifts.slice(start, start + 50_000), 3);
const auditLog = projections.find((projection) => projection.name === 'audit-log');
if (auditLog === undefined) throw new Error('no audit-log projection');
const auditProjector = new Projector({ kafka, codec, db, projection: auditLog, topicPrefix: prefix });
await auditProjector.start();
while ((await lagOf(kafka, db, auditProjector.key, auditProjector.topics)).lag > 0) await sleep(200);
await auditProjector.stop();

const config = {
  ...configFromEnv({
    ...process.env,
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    MONGO_URL: endpoints.mongoUrl,
  }),
  mongoDatabase: db.name,
  topicPrefix: prefix,
  pusher: false,
};
const app = await buildApp(config);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const auditor = issueAccessToken(
  await new KeyStore(db).current(),
  { sub: 'bench-auditor', roles: ['auditor'], permissions: [...builtInRoles.auditor.permissions] },
  config.tokens,
);
global.gc?.();
await sleep(500);
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 20);
const exportBegan = performance.now();
const response = await fetch(`${address}/audit/export?format=ndjson`, {
  headers: { authorization: `Bearer ${auditor}` },
});
if (!response.ok || response.body === null) throw new Error(`export answered ${response.status}`);
let bytes = 0;
let tail = '';
for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
  bytes += chunk.byteLength;
  tail = (tail + Buffer.from(chunk).toString()).slice(-2000);
}
const exportSeconds = (performance.now() - exportBegan) / 1000;
clearInterval(sampler);
const trailer = (JSON.parse(tail.trimEnd().split('\n').at(-1) ?? '{}') as { trailer?: { count: number } })
  .trailer;
await app.close();

const replayRate = total / replaySeconds;
const rebuildRate = total / rebuildSeconds;
console.log(
  `machine: ${cpus().length} cores; ${total} events, ${aggregates} aggregates, ${partitions} partitions`,
);
console.log(
  `replay (live projector from the beginning): ${replaySeconds.toFixed(1)} s = ${replayRate.toFixed(0)} events/s`,
);
console.log(
  `rebuild (requested, leased, run into version ${asked.version} until ready): ${rebuildSeconds.toFixed(1)} s = ${rebuildRate.toFixed(0)} events/s`,
);
console.log(
  `shadow diff: ${diff.compared} documents in ${diffSeconds.toFixed(2)} s (${diff.added} added, ${diff.removed} removed, ${diff.changed} changed) = ${((diffSeconds / rebuildSeconds) * 100).toFixed(1)} % of the rebuild's time`,
);
console.log(
  `export: ${trailer?.count ?? '?'} events, ${mb(bytes).toFixed(1)} MB in ${exportSeconds.toFixed(1)} s = ${(mb(bytes) / exportSeconds).toFixed(1)} MB/s; RSS ${mb(rssBefore).toFixed(0)} MB before, ${mb(rssPeak).toFixed(0)} MB at peak (+${mb(rssPeak - rssBefore).toFixed(0)} MB)`,
);
await db.dropDatabase();
await db.close();
await release();
console.log(`ratio: ${(rebuildRate / replayRate).toFixed(2)}`);
process.exit(0);
