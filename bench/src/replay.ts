// npm run bench:replay — rebuilding a projection over 1,000,000 events (10,000 aggregates) with the
// projector runtime (eachBatch, one unordered bulkWrite per batch) against a naive consumer
// (eachMessage, one updateOne upsert per event) on the same topic and server; the naive one stops
// after its first 100,000 events. Also counts registry HTTP calls after warm-up through a counting
// proxy in front of the registry. Last line: `ratio: X` (events per second, ours / naive).
import { createServer, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { Kafka, logLevel } from 'kafkajs';
import { createKafka, decodeHeaders, EventCodec, type RecordedEvent } from '@engage/event-log';
import { catalogHistory, writeHistory } from '@engage/event-log/testing';
import { kudosKindsProjection, lagOf, Projector } from '@engage/projectors';
import { benchServers } from './servers.ts';

const aggregates = Number(process.env['BENCH_AGGREGATES'] ?? 10_000);
const eventsPerAggregate = Number(process.env['BENCH_EVENTS_PER_AGGREGATE'] ?? 100);
const naiveLimit = Math.min(100_000, aggregates * eventsPerAggregate);
const partitions = 6;

/** What a naive consumer does with each event: one blind upsert of the fields it sets. */
function naiveUpdate(event: RecordedEvent): { id: string; set: Record<string, unknown> } | undefined {
  switch (event.type) {
    case 'KudosKindCreated': {
      const { kindId, name, description, createdAt } = event.data;
      return { id: kindId, set: { name, description, active: true, createdAt, updatedAt: createdAt } };
    }
    case 'KudosKindUpdated': {
      const { kindId, name, description, updatedAt } = event.data;
      return { id: kindId, set: { name, description, updatedAt } };
    }
    case 'KudosKindRetired':
      return { id: event.data.kindId, set: { active: false, updatedAt: event.data.retiredAt } };
    case 'KudosKindRestored':
      return { id: event.data.kindId, set: { active: true, updatedAt: event.data.restoredAt } };
    default:
      return undefined;
  }
}

const { endpoints, release } = await benchServers();
const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** Counts the HTTP requests that reach the registry. */
let registryCalls = 0;
const registry = new URL(endpoints.schemaRegistryUrl);
const proxy = createServer((incoming, outgoing) => {
  registryCalls += 1;
  const forward = httpRequest(
    {
      host: registry.hostname,
      port: registry.port,
      path: incoming.url,
      method: incoming.method,
      headers: incoming.headers,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  incoming.pipe(forward);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxyAddress = proxy.address();
const proxiedRegistry = `http://127.0.0.1:${typeof proxyAddress === 'object' && proxyAddress ? proxyAddress.port : 0}${registry.pathname}`;

const prefix = `replay${randomUUID().slice(0, 6)}-`;
const topic = `${prefix}catalogs`;
const kafka = createKafka(endpoints.kafkaBrokers, 'bench-replay');
const writerCodec = await EventCodec.create(endpoints.schemaRegistryUrl);

const total = aggregates * eventsPerAggregate;
say(`writing ${total} events over ${aggregates} aggregates to ${topic} ...`);
const writeBegan = performance.now();
const chain = new Map<string, { version: number; hash: string }>();
const history = catalogHistory(aggregates, eventsPerAggregate);
for (let start = 0; start < history.length; start += 100_000) {
  await writeHistory(kafka, writerCodec, topic, history.slice(start, start + 100_000), partitions, chain);
}
say(`written in ${((performance.now() - writeBegan) / 1000).toFixed(1)} s`);

// Ours: a fresh projector (new version, new collections) from the beginning of the topic.
const oursDb = await mongoose
  .createConnection(endpoints.mongoUrl, { dbName: `replay_ours_${prefix.replaceAll('-', '')}` })
  .asPromise();
const codec = await EventCodec.create(proxiedRegistry);
const projector = new Projector({
  kafka,
  codec,
  db: oursDb,
  projection: kudosKindsProjection,
  topicPrefix: prefix,
});
const oursBegan = performance.now();
await projector.start();
let callsAfterWarmUp: number | undefined;
for (;;) {
  const { lag, done } = await lagOf(kafka, oursDb, projector.key, projector.topics);
  if (callsAfterWarmUp === undefined && done >= 10_000) callsAfterWarmUp = registryCalls;
  if (lag === 0) break;
  await sleep(100);
}
const oursSeconds = (performance.now() - oursBegan) / 1000;
await projector.stop();
const oursRate = projector.applied / oursSeconds;
const lateCalls = registryCalls - (callsAfterWarmUp ?? registryCalls);
const documents = await oursDb.collection(projector.collectionName).countDocuments();

// Naive: eachMessage, decode, one updateOne upsert per event, stopping after naiveLimit events.
const naiveDb = await mongoose
  .createConnection(endpoints.mongoUrl, { dbName: `replay_naive_${prefix.replaceAll('-', '')}` })
  .asPromise();
const naiveCollection = naiveDb.collection('kudos_kinds');
const naiveKafka = new Kafka({
  brokers: endpoints.kafkaBrokers.split(','),
  clientId: 'naive',
  logLevel: logLevel.NOTHING,
});
const consumer = naiveKafka.consumer({ groupId: `${prefix}naive` });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
let naiveCount = 0;
let finish: () => void = () => undefined;
const finished = new Promise<void>((resolve) => (finish = resolve));
const naiveBegan = performance.now();
await consumer.run({
  eachMessage: async ({ message, partition }) => {
    if (naiveCount >= naiveLimit || message.value === null) return;
    const { type, metadata } = decodeHeaders(message.headers as Record<string, Buffer>);
    const data = await codec.decode(type, message.value);
    const event = {
      type,
      data,
      metadata,
      position: { topic, partition, offset: Number(message.offset) },
    } as RecordedEvent;
    const update = naiveUpdate(event);
    if (update !== undefined)
      await naiveCollection.updateOne({ _id: update.id } as never, { $set: update.set }, { upsert: true });
    naiveCount += 1;
    if (naiveCount === naiveLimit) finish();
  },
});
await finished;
const naiveSeconds = (performance.now() - naiveBegan) / 1000;
await consumer.disconnect();
const naiveRate = naiveCount / naiveSeconds;

console.log(
  `machine: ${cpus().length} cores; ${total} events, ${aggregates} aggregates, ${partitions} partitions`,
);
console.log(
  `ours: ${projector.applied} events in ${oursSeconds.toFixed(1)} s = ${oursRate.toFixed(0)} events/s -> ${documents} documents`,
);
console.log(`registry HTTP calls after warm-up: ${lateCalls} (${registryCalls} in all)`);
console.log(
  `naive (eachMessage, one updateOne upsert per event): ${naiveCount} events in ${naiveSeconds.toFixed(1)} s = ${naiveRate.toFixed(0)} events/s`,
);
await oursDb.dropDatabase();
await naiveDb.dropDatabase();
await oursDb.close();
await naiveDb.close();
proxy.close();
await release();
console.log(`ratio: ${(oursRate / naiveRate).toFixed(1)}`);
process.exit(0);
