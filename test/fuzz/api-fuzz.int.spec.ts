// Property-based fuzzing of every operation of the command service (auth routes included), the
// query API and the file service, from their OpenAPI documents, against the real back end on real
// Kafka, registry and MongoDB. FUZZ_RUNS requests per operation (200, as issue 18 asks: about 100 s
// on a quiet 2-core machine); FUZZ_SEED replays a run (the seed is in the test's name).
// `npm run bench:fuzz` runs 2,000 per operation with a random seed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fuzz, type Failure } from './fuzz.ts';
import { startFuzzedSystem, type FuzzedSystem } from './fuzz-system.ts';

const runs = Number(process.env['FUZZ_RUNS'] ?? 200);
// A fixed seed in the test suite, so CI gates on what has been fixed; new seeds explore in
// `npm run bench:fuzz` (a random one each run). Seed 18938 (found in CI) and seed 1 at 200 runs found:
// a 300 KB nested body answering 500 (now 400 BODY_TOO_DEEP), a path past 16 KB answered 431 by Node
// (the fuzzer now caps URL values by their encoded length), a refused registration and a refused
// email change appending the address's claim and release (both now decided as a dry run first).
const seed = Number(process.env['FUZZ_SEED'] ?? 1);

describe(`fuzzing every operation from its OpenAPI document (seed ${seed})`, () => {
  let fuzzed: FuzzedSystem;

  beforeAll(async () => {
    fuzzed = await startFuzzedSystem();
  }, 180_000);

  afterAll(async () => {
    await (fuzzed as FuzzedSystem | undefined)?.system.stop();
  });

  it(`answers ${runs} generated requests per operation below 500, within the documented schema of each status, and appends nothing for a refused one`, async () => {
    const report = await fuzz(fuzzed.operations, fuzzed.targets, fuzzed.fuzzSystem, {
      runs,
      seed,
      concurrency: 4,
    });
    expect(report.counts.length).toBeGreaterThan(60);
    for (const counts of report.counts) expect(counts.requests).toBe(runs);
    // One failure per operation and problem is enough to read (FUZZ_SEED=<seed> replays them all).
    const distinct = new Map<string, Failure>();
    for (const failure of report.failures)
      distinct.set(`${failure.operation} ${failure.problem.replace(/:.*/, '')}`, failure);
    expect([...distinct.values()]).toEqual([]);
  }, 900_000);
});
