// `npm run bench:fuzz`: the API fuzzer of test/fuzz/ at BENCH_FUZZ_RUNS (2,000) generated requests
// per operation of the command service (auth routes included), the query API and the file service,
// against the whole back end on the servers named in the environment (else the launcher's test
// stack). Prints, per operation, the requests sent, their statuses and the failures (a 5xx, an
// answer outside the document, an event appended for a refused request), then every failure, and
// ends with `ratio: <failures / requests>` (0 is the target). FUZZ_SEED replays a run.
import { fuzz } from '@engage/test-harness/fuzz';
import { benchServers } from './servers.ts';

const runs = Number(process.env['BENCH_FUZZ_RUNS'] ?? 2_000);
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 1_000_000);
const concurrency = Number(process.env['BENCH_FUZZ_CONCURRENCY'] ?? 4);

const { endpoints, release } = await benchServers();
process.env['KAFKA_BROKERS'] = endpoints.kafkaBrokers;
process.env['SCHEMA_REGISTRY_URL'] = endpoints.schemaRegistryUrl;
process.env['MONGO_URL'] = endpoints.mongoUrl;
process.env['NODE_ENV'] = 'test';
const { startFuzzedSystem } = await import('@engage/test-harness/fuzz-system');
const fuzzed = await startFuzzedSystem();
const started = performance.now();
process.stdout.write(
  `seed ${seed}, ${runs} requests per operation, ${fuzzed.operations.length} operations\n`,
);
try {
  const report = await fuzz(fuzzed.operations, fuzzed.targets, fuzzed.fuzzSystem, {
    runs,
    seed,
    concurrency,
    onOperation: (counts) => {
      const statuses = Object.entries(counts.byStatus)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ');
      process.stdout.write(
        `${counts.operation.padEnd(58)} ${String(counts.requests).padStart(5)} sent, ${String(counts.failures).padStart(3)} failed, ${counts.seconds.toFixed(1).padStart(5)} s  ${statuses}\n`,
      );
    },
  });
  const requests = report.counts.reduce((sum, counts) => sum + counts.requests, 0);
  for (const failure of report.failures)
    process.stdout.write(
      `FAILURE ${failure.operation}: ${failure.problem}\n  ${failure.request}\n  -> ${failure.answer}\n`,
    );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${requests} requests in ${seconds.toFixed(0)} s (${(requests / seconds).toFixed(0)}/s), ${report.failures.length} failures\n`,
  );
  process.stdout.write(`ratio: ${(report.failures.length / Math.max(1, requests)).toFixed(4)}\n`);
} finally {
  await fuzzed.system.stop();
  await release();
}
process.exit(0);
