// `npm test`: runs every jest suite (extra arguments go to jest), then the web app's Vitest suites
// (component tests and browser journeys), and ends with the one line CI reads, alone, counting
// both: `tests: N passed, M failed[, K skipped]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@engage/stack';

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites?: number;
  numTotalTests: number;
}

const resultsDir = mkdtempSync(join(tmpdir(), 'engage-tests-'));
const args = process.argv.slice(2);
// `npm test` alone runs everything; `npm test -- web/...` only the web app's suites (Vitest);
// any other arguments go to jest.
const webOnly = args.length > 0 && args.every((arg) => arg.startsWith('web/') || arg === 'web');
const runJest = !webOnly;
const runWeb = args.length === 0 || webOnly;
const nodeEnv = {
  ...process.env,
  NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning --disable-warning=ExperimentalWarning',
};

function run(command: string[], cwd: string): Promise<number> {
  const child = spawn(process.execPath, command, { cwd, stdio: 'inherit', env: nodeEnv });
  return new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
}

/** Counts from a jest-shaped JSON report (jest's --json and Vitest's json reporter both write one). */
function countsOf(file: string): Counts | undefined {
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8')) as JestSummary;
    // A suite that could not run (a syntax error, a failing beforeAll) counts as a failure too.
    return {
      passed: summary.numPassedTests,
      failed: summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0),
      skipped: summary.numPendingTests + summary.numTodoTests,
      total: summary.numTotalTests,
    };
  } catch {
    return undefined;
  }
}

const runs: Array<{ name: string; code: number; counts: Counts | undefined }> = [];
if (runJest) {
  const resultsFile = join(resultsDir, 'jest.json');
  const jest = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
  const code = await run(
    [
      '--experimental-vm-modules',
      '--disable-warning=ExperimentalWarning',
      '--disable-warning=TimeoutNegativeWarning',
      jest,
      '--json',
      `--outputFile=${resultsFile}`,
      ...args,
    ],
    repoRoot,
  );
  runs.push({ name: 'jest', code, counts: countsOf(resultsFile) });
}
if (runWeb) {
  const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const filters = args.map((arg) => arg.replace(/^web\/?/, '')).filter(Boolean);
  // The component tests, then the browser journeys against a system the e2e suite starts itself.
  for (const [name, config] of [
    ['vitest', 'vitest.config.ts'],
    ['vitest e2e', 'vitest.e2e.config.ts'],
  ] as const) {
    const resultsFile = join(resultsDir, `${name.replace(' ', '-')}.json`);
    const code = await run(
      [
        vitest,
        'run',
        '--config',
        config,
        '--passWithNoTests',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${resultsFile}`,
        ...filters,
      ],
      join(repoRoot, 'web'),
    );
    runs.push({ name, code, counts: countsOf(resultsFile) });
  }
}

let code = 0;
const total: Counts = { passed: 0, failed: 0, skipped: 0, total: 0 };
for (const each of runs) {
  if (each.counts === undefined) {
    total.failed += 1;
    code = each.code === 0 ? 1 : each.code;
    continue;
  }
  total.passed += each.counts.passed;
  total.failed += each.counts.failed;
  total.skipped += each.counts.skipped;
  total.total += each.counts.total;
  if (each.code !== 0) code = each.code;
}
if (total.total === 0 && code === 0) code = 1;
rmSync(resultsDir, { recursive: true, force: true });
const line = `tests: ${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`;
process.stdout.write(`\n${line}\n`);
process.exit(code);
