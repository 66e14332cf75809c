// npm run bench:failover [events] — failover of a command service with a long history. For each
// size, a catalogs topic holds that many events (10 per aggregate); an owner process hydrates it and
// snapshots it, a standby process joins (and takes half of the partitions), then the owner is
// killed with SIGKILL. Measured: the time from the kill to the first command accepted by the
// standby on an aggregate of a partition the dead owner held, and the standby's RSS then. The
// sizes are 10,000 and 100,000 events, or 100,000 and the argument (e.g. 1000000). Snapshots make
// neither figure grow with history; the group noticing the dead owner (the session timeout) is a
// floor. Last line: `ratio: X` (failover time at the larger size / at the smaller; target ~1).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { createKafka, endOffsets, EventCodec, partitionOf } from '@engage/event-log';
import { catalogHistory, writeHistory } from '@engage/event-log/testing';
import { benchServers } from './servers.ts';

const larger = Number(process.argv[2] ?? 100_000);
const sizes = [larger > 100_000 ? 100_000 : Math.min(10_000, larger / 2), larger];
const partitions = 6;
const sessionTimeoutMs = 6_000; // the broker's default group.min.session.timeout.ms
const snapshotIntervalMs = 2_000;
const internalToken = randomUUID();
const server = join(import.meta.dirname, '..', '..', 'command-services', 'src', 'server.ts');

const { endpoints, release } = await benchServers();
const kafka = createKafka(endpoints.kafkaBrokers, 'bench-failover');
const codec = await EventCodec.create(endpoints.schemaRegistryUrl);
const say = (line: string): void => void process.stderr.write(`${line}\n`);

interface Instance {
  readonly address: string;
  readonly child: ChildProcess;
}

function startInstance(prefix: string, database: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', server], {
    env: {
      ...process.env,
      KAFKA_BROKERS: endpoints.kafkaBrokers,
      SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
      MONGO_URL: endpoints.mongoUrl,
      MONGO_DB: database,
      INTERNAL_TOKEN: internalToken,
      TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: String(partitions),
      KAFKA_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
      SNAPSHOT_INTERVAL_MS: String(snapshotIntervalMs),
      COMMAND_SERVICES_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"listening":"([^"]+)"/.exec(output);
      if (match?.[1]) resolve({ address: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`command service exited with ${code}`)));
  });
}

async function owned(instance: Instance, topic: string): Promise<number[]> {
  const response = await fetch(`${instance.address}/internal/ownership`, {
    headers: { 'x-internal-token': internalToken },
  }).catch(() => undefined);
  return response?.ok ? (((await response.json()) as Record<string, number[]>)[topic] ?? []) : [];
}

const rssMegabytes = (pid: number | undefined): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

async function failover(events: number): Promise<{ seconds: number; rss: number; hydrateSeconds: number }> {
  const prefix = `fo${randomUUID().slice(0, 6)}-`;
  const topic = `${prefix}catalogs`;
  const database = `bench_${prefix.replaceAll('-', '')}`;
  const began = performance.now();
  const versions = new Map<string, { version: number; hash: string }>();
  const history = catalogHistory(events / 10, 10);
  for (let start = 0; start < history.length; start += 100_000)
    await writeHistory(kafka, codec, topic, history.slice(start, start + 100_000), partitions, versions);
  say(`${events} events written in ${((performance.now() - began) / 1000).toFixed(1)} s`);

  const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
  const checkpoints = connection.collection<{ _id: string; offset: number }>(
    'aggregate_snapshot_checkpoints',
  );
  const ends = await endOffsets(kafka, [topic]);
  const hydrating = performance.now();
  const owner = await startInstance(prefix, database);
  while ((await owned(owner, topic)).length < partitions) await sleep(100);
  const hydrateSeconds = (performance.now() - hydrating) / 1000;
  // Wait for the owner's snapshots to cover the whole history.
  for (;;) {
    const covered = (await checkpoints.find({}).toArray()).filter((each) => each._id.startsWith(`${topic}@`));
    const done = [...ends].every(([key, end]) => {
      const partition = key.split(':').at(-1);
      return (covered.find((each) => each._id.endsWith(`:${partition}`))?.offset ?? 0) >= end;
    });
    if (done) break;
    await sleep(200);
  }
  const standby = await startInstance(prefix, database);
  let ownerPartitions: number[] = [];
  for (;;) {
    const [mine, theirs] = [await owned(owner, topic), await owned(standby, topic)];
    if (mine.length > 0 && theirs.length > 0 && mine.length + theirs.length === partitions) {
      ownerPartitions = mine;
      break;
    }
    await sleep(100);
  }
  const aggregateId = Array.from({ length: events / 10 }, (_, kind) => `k-${kind}`).find((id) =>
    ownerPartitions.includes(partitionOf(topic, id, partitions)),
  );
  const rename = async (): Promise<number> => {
    const response = await fetch(`${standby.address}/internal/commands/${topic}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-internal-token': internalToken },
      body: JSON.stringify({
        aggregateId,
        command: { type: 'UpdateKudosKind', data: { name: `Renamed ${randomUUID()}` } },
        actor: 'bench-admin',
        correlationId: randomUUID(),
        now: Date.now(),
      }),
    }).catch(() => undefined);
    return response?.status ?? 0;
  };

  owner.child.kill('SIGKILL');
  const killed = performance.now();
  while ((await rename()) !== 200) await sleep(20);
  const seconds = (performance.now() - killed) / 1000;
  const rss = rssMegabytes(standby.child.pid);
  standby.child.kill('SIGKILL');
  await connection.dropDatabase();
  await connection.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { seconds, rss, hydrateSeconds };
}

const results: Array<{ events: number; seconds: number; rss: number; hydrateSeconds: number }> = [];
for (const events of sizes) {
  const result = { events, ...(await failover(events)) };
  say(
    `${events} events: kill -9 to first accepted command ${result.seconds.toFixed(2)} s; RSS ${result.rss.toFixed(0)} MB`,
  );
  results.push(result);
}
await release();

console.log(
  `machine: ${cpus().length} cores; ${partitions} partitions; session timeout ${sessionTimeoutMs} ms; snapshots every ${snapshotIntervalMs} ms`,
);
for (const { events, seconds, rss, hydrateSeconds } of results) {
  console.log(
    `${events} events: first owner hydrated in ${hydrateSeconds.toFixed(1)} s; kill -9 to first accepted command on the new owner ${seconds.toFixed(2)} s; new owner RSS ${rss.toFixed(0)} MB`,
  );
}
const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
console.log(`ratio: ${(large.seconds / small.seconds).toFixed(2)}`);
process.exit(0);
