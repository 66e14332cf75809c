import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './config.ts';
import { requireMaven } from './java.ts';

const pom = join(repoRoot, 'stack', 'maven', 'pom.xml');

/** What a server needs from Maven Central: a classpath, or an unpacked distribution. */
export type Download = 'kafka' | 'mongo' | 'registry';

const goals: Record<Download, string> = {
  kafka: 'dependency:copy-dependencies',
  mongo: 'dependency:copy-dependencies',
  registry: 'dependency:unpack',
};

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-3000)}`));
    });
  });
}

/**
 * The folder holding `what`, fetched with Maven on first use. The folder's name carries the hash
 * of the POM, so a version bump fetches again and an unchanged POM never calls Maven.
 */
export async function fetched(cacheDir: string, what: Download): Promise<string> {
  const pomHash = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 12);
  const dir = join(cacheDir, `${what}-${pomHash}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  requireMaven();
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  process.stderr.write(`stack: fetching ${what} from Maven Central (first start only)\n`);
  await run('mvn', [
    '-B',
    '-q',
    '-f',
    pom,
    '-P',
    what,
    goals[what],
    `-DoutputDirectory=${partial}`,
    '-Dmdep.overWriteReleases=true',
  ]);
  writeFileSync(join(partial, '.complete'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return dir;
}
