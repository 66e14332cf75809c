// `npm test`: runs every jest suite (extra arguments go to jest) and ends with the one line CI
// reads, alone: `tests: N passed, M failed[, K skipped]`.
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
  numRuntimeErrorTestSuites: number;
  numTotalTests: number;
}

const resultsDir = mkdtempSync(join(tmpdir(), 'engage-jest-'));
const resultsFile = join(resultsDir, 'results.json');
const jest = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
const child = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=TimeoutNegativeWarning',
    jest,
    '--json',
    `--outputFile=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning --disable-warning=ExperimentalWarning',
    },
  },
);
const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));

let line: string;
let code = exitCode;
try {
  const summary = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestSummary;
  // A suite that could not run (a syntax error, a failing beforeAll) counts as a failure too.
  const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  const skipped = summary.numPendingTests + summary.numTodoTests;
  line = `tests: ${summary.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  if (summary.numTotalTests === 0 && code === 0) code = 1;
} catch {
  line = 'tests: 0 passed, 1 failed';
  code = code === 0 ? 1 : code;
}
rmSync(resultsDir, { recursive: true, force: true });
process.stdout.write(`\n${line}\n`);
process.exit(code);
