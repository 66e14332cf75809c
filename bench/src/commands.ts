// npm run bench:commands — HTTP command throughput at saturation through the local gateway (routes
// from kong/kong.yml, rate limits lifted for the run): BENCH_SECONDS (default 10) of POST
// /kudos-kinds by the admin with 256 connections, each request a new kudos kind (distinct
// aggregates), against a Fastify hello-world POST with the same connections and driver in the same
// process. Then the hot case: 64 connections of POST /notifications/read-all by one person (one
// aggregate; each appends an event). Prints requests/s, p50 and p99 of each.
// Last line: `ratio: X` (distinct commands per second / hello-world requests per second).
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { buildGateway, gatewayFromKong } from '@engage/gateway';
import { repoRoot } from '@engage/stack';
import chooseServers from '@engage/test-harness/servers';
import { startSystem } from '@engage/test-harness/system';
import { percentile } from './servers.ts';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const say = (line: string): void => void process.stderr.write(`bench:commands: ${line}\n`);

interface Figures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

/** `connections` loops sending `request()` for `seconds`; counts answers with status `ok`. */
async function saturate(
  origin: string,
  connections: number,
  ok: number,
  request: () => { path: string; headers: Record<string, string>; body: string },
): Promise<Figures> {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const { path, headers, body } = request();
        const start = performance.now();
        const answer = await pool.request({ method: 'POST', path, headers, body });
        await answer.body.dump();
        if (answer.statusCode === ok) latencies.push(performance.now() - start);
        else failed += 1;
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  await pool.close();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    failed,
  };
}

await chooseServers();
const admin = { email: 'bench.admin@example.com', password: 'the command bench admin passphrase' };
const system = await startSystem(admin);
const table = gatewayFromKong(join(repoRoot, 'kong', 'kong.yml'), {
  UPSTREAM_COMMAND_SERVICES: system.commands.address,
  UPSTREAM_QUERY_API: system.queriesAddress ?? '',
  UPSTREAM_FILES: '',
});
// Rate limits lifted for the run: no global limit, none per route.
const gateway = await buildGateway({
  ...table,
  perMinute: undefined,
  routes: table.routes.map(({ perMinute: _lifted, ...route }) => route),
});
const gatewayOrigin = await gateway.listen({ host: '127.0.0.1', port: 0 });
const adminToken = await system.signIn(admin.email, admin.password, 'catalogs:manage');
const person = await system.person('Hot');
say(`system up; gateway at ${gatewayOrigin}`);

const hello = Fastify({ logger: false });
hello.post('/', async () => ({ hello: 'world' }));
const helloOrigin = await hello.listen({ host: '127.0.0.1', port: 0 });

const json = (token: string) => ({
  'content-type': 'application/json',
  authorization: `Bearer ${token}`,
  'idempotency-key': randomUUID(),
});
const distinct = await saturate(gatewayOrigin, 256, 201, () => ({
  path: '/kudos-kinds',
  headers: json(adminToken),
  body: JSON.stringify({ name: `Kind ${randomUUID().slice(0, 18)}`, description: 'Goes the extra mile' }),
}));
const hot = await saturate(gatewayOrigin, 64, 200, () => ({
  path: '/notifications/read-all',
  headers: json(person.token),
  body: '{}',
}));
const helloWorld = await saturate(helloOrigin, 256, 200, () => ({
  path: '/',
  headers: { 'content-type': 'application/json' },
  body: '{"hello":"world"}',
}));
await hello.close();
await gateway.close();
await system.stop();

const line = (name: string, connections: number, figures: Figures) =>
  `${name}: ${connections} connections, ${seconds} s: ${figures.perSecond.toFixed(0)} requests/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ${figures.failed} refused`;
console.log(
  `machine: ${cpus().length} cores; everything local (Kafka, registry, MongoDB stand-in, services)`,
);
console.log(line('hello world (Fastify POST)', 256, helloWorld));
console.log(line('POST /kudos-kinds via gateway, distinct aggregates', 256, distinct));
console.log(line('POST /notifications/read-all via gateway, one aggregate', 64, hot));
console.log(`hot / distinct: ${(hot.perSecond / distinct.perSecond).toFixed(3)}`);
console.log(`ratio: ${(distinct.perSecond / helloWorld.perSecond).toFixed(3)}`);
process.exit(0);
