import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Java {
  readonly bin: string;
  readonly major: number;
}

const install =
  'Install a JDK 17+ (the registry needs 21+) and Maven (Debian: apt-get install default-jdk-headless maven), ' +
  'or run the system with `docker compose up` instead.';

function majorOf(bin: string): number | undefined {
  // The JVM prints its settings on stderr.
  const result = spawnSync(bin, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /java\.specification\.version = (\d+)/.exec(result.stderr);
  return match ? Number(match[1]) : undefined;
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  for (const home of [env['STACK_JAVA_HOME'], env['JAVA_HOME']]) {
    if (home) found.push(join(home, 'bin', 'java'));
  }
  found.push('java');
  const jvm = '/usr/lib/jvm';
  if (existsSync(jvm)) {
    for (const entry of readdirSync(jvm).sort()) found.push(join(jvm, entry, 'bin', 'java'));
  }
  return found;
}

/** The first Java of at least `minMajor`, or an error that says what to install. */
export function findJava(minMajor: number, env: NodeJS.ProcessEnv = process.env): Java {
  for (const bin of candidates(env)) {
    const major = majorOf(bin);
    if (major !== undefined && major >= minMajor) return { bin, major };
  }
  throw new Error(
    `No Java ${minMajor}+ found (looked at STACK_JAVA_HOME, JAVA_HOME, PATH and /usr/lib/jvm). ${install}`,
  );
}

export function requireMaven(): void {
  const result = spawnSync('mvn', ['--version'], { stdio: 'ignore' });
  if (result.error || result.status !== 0) throw new Error(`Maven (mvn) is not installed. ${install}`);
}
