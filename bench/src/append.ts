// npm run bench:append — our append path (decide, Avro encode, headers and hash chain, the
// transactional writer of each partition, acks=all) with 64 commands in flight, against Kafka's own
// ProducerPerformance on the same broker, topic layout and record size. Last line: `ratio: X`.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { createKafka, ensureTopics } from '@engage/event-log';
import { fetched, findJava, stackConfig } from '@engage/stack';
import { benchServers, catalogsBus, percentile } from './servers.ts';

const commands = Number(process.env['BENCH_COMMANDS'] ?? 30_000);
const inFlight = 64;
const partitions = 6;

const { endpoints, release } = await benchServers();
const { bus, stop } = await catalogsBus(endpoints, partitions);

const send = (index: number) =>
  bus.handle({
    aggregateId: `kind-${index}`,
    command: {
      type: 'CreateKudosKind',
      data: { name: `Kind number ${index}`, description: 'Goes the extra mile for the team' },
    },
    actor: 'bench-admin',
    correlationId: randomUUID(),
    now: Date.now(),
  });

// Warm-up: connections, schema ids, JIT.
for (let index = 0; index < 500; index += 1) await send(-1 - index);

const latencies: number[] = [];
let next = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (next < commands) {
      const index = next++;
      const start = performance.now();
      await send(index);
      latencies.push(performance.now() - start);
    }
  }),
);
const seconds = (performance.now() - began) / 1000;
const ours = commands / seconds;
await stop();

// The record size we write: Avro value of a typical KudosKindCreated (headers and key not counted).
const codecProbe = await (await import('@engage/event-log')).EventCodec.create(endpoints.schemaRegistryUrl);
const recordSize = (
  await codecProbe.encode('KudosKindCreated', {
    kindId: 'kind-12345',
    name: 'Kind number 12345',
    description: 'Goes the extra mile for the team',
    createdBy: 'bench-admin',
    createdAt: Date.now(),
  })
).length;

// The baseline: Kafka's ProducerPerformance, same broker, a topic with the same partitions, acks=all.
const baselineTopic = `bench${randomUUID().slice(0, 6)}-baseline`;
await ensureTopics(createKafka(endpoints.kafkaBrokers, 'bench'), [baselineTopic], partitions);
const lib = await fetched(stackConfig().cacheDir, 'kafka');
const java = findJava(17);
const perf = spawnSync(
  java.bin,
  [
    '-Xmx512m',
    '-cp',
    join(lib, '*'),
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    baselineTopic,
    '--num-records',
    String(commands * 3),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${endpoints.kafkaBrokers}`,
    'acks=all',
    'enable.idempotence=true',
  ],
  { encoding: 'utf8' },
);
const summary = perf.stdout.trim().split('\n').at(-1) ?? '';
const match = /([\d.]+) records\/sec/.exec(summary);
if (!match) throw new Error(`ProducerPerformance printed no summary:\n${perf.stdout}\n${perf.stderr}`);
const baseline = Number(match[1]);
const sorted = latencies.sort((a, b) => a - b);

console.log(
  `machine: ${cpus().length} cores; Avro record size ${recordSize} bytes (plus key and ${10} headers in ours)`,
);
console.log(
  `ours: ${commands} commands, ${inFlight} in flight: ${ours.toFixed(0)} commands/s (one event each), p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
);
console.log(`baseline: ProducerPerformance acks=all: ${summary}`);
await release();
console.log(`ratio: ${(ours / baseline).toFixed(3)}`);
process.exit(0);
