// Builds the web app (web/dist) when its sources changed since the last build, so `./dev start`
// serves the current app without a separate step. The stamp is a hash of every source file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const sourceRoots = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** A hash of the web app's sources and the lock file (dependency versions change the build too). */
export function webSourceHash(repoRoot: string): string {
  const web = join(repoRoot, 'web');
  const hash = createHash('sha256');
  for (const file of [
    ...sourceRoots.flatMap((root) => filesUnder(join(web, root))),
    join(repoRoot, 'package-lock.json'),
  ]) {
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Runs `vite build` unless web/dist was built from these very sources. Resolves true when it built. */
export async function buildWebIfChanged(repoRoot: string, say: (line: string) => void): Promise<boolean> {
  const stamp = join(repoRoot, 'web', 'dist', '.source-hash');
  const wanted = webSourceHash(repoRoot);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return false;
  say('building the web app (its sources changed since the last build)');
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: join(repoRoot, 'web'),
      stdio: 'inherit',
      // Always the production build: under a test runner NODE_ENV=test would give React's
      // development build (half again as large, and slower), which the e2e runs and bench:web then serve.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  if (code !== 0) throw new Error(`vite build failed (exit ${code})`);
  writeFileSync(stamp, wanted);
  return true;
}
