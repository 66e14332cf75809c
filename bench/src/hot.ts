// npm run bench:hot — group commit on one aggregate: 64 commands in flight on ONE aggregate (as
// likes on a popular post, or read-all by one user) against 64 in flight on distinct aggregates,
// through the command bus in process (decide, encode, hash chain, transactional append, acks=all).
// Before group commit each command on a hot aggregate waited for the previous one's transaction.
// Last line: `ratio: X` (hot commands per second / distinct commands per second; target >= 0.5).
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { benchServers, catalogsBus, percentile } from './servers.ts';

const commands = Number(process.env['BENCH_COMMANDS'] ?? 5_000);
const inFlight = 64;
const partitions = 6;

const { endpoints, release } = await benchServers();
const { bus, stop } = await catalogsBus(endpoints, partitions);

const send = (aggregateId: string, command: unknown) =>
  bus.handle({ aggregateId, command, actor: 'bench-admin', correlationId: randomUUID(), now: Date.now() });
const create = (aggregateId: string) =>
  send(aggregateId, {
    type: 'CreateKudosKind',
    data: { name: aggregateId, description: 'Goes the extra mile' },
  });
// Each rename changes the name, so every command appends one event.
const rename = (aggregateId: string, index: number) =>
  send(aggregateId, { type: 'UpdateKudosKind', data: { name: `${aggregateId} ${index}` } });

/** Sends `commands` renames with `inFlight` at a time; `target(index)` picks each one's aggregate. */
async function run(
  target: (index: number) => string,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < commands) {
        const index = next++;
        const start = performance.now();
        await rename(target(index), index);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return { perSecond: commands / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const distinctIds = Array.from({ length: 512 }, (_, index) => `distinct-${index}`);
const hotId = 'hot-aggregate';
for (const id of [...distinctIds, hotId]) await create(id);
// Warm-up: connections, schema ids, JIT.
for (let index = 0; index < 300; index += 1) await rename(hotId, -1 - index);

const distinct = await run((index) => distinctIds[index % distinctIds.length] ?? hotId);
const hot = await run(() => hotId);
await stop();
await release();

const line = (name: string, figures: { perSecond: number; p50: number; p99: number }) =>
  `${name}: ${commands} commands, ${inFlight} in flight: ${figures.perSecond.toFixed(0)} commands/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms`;
console.log(`machine: ${cpus().length} cores; ${partitions} partitions`);
console.log(line('distinct aggregates', distinct));
console.log(line('one hot aggregate', hot));
console.log(`ratio: ${(hot.perSecond / distinct.perSecond).toFixed(3)}`);
process.exit(0);
