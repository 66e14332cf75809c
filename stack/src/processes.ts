import { spawn, execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server process of the stack, found again through its pid file. */
export interface ManagedProcess {
  readonly name: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export function managed(dir: string, name: string): ManagedProcess {
  return { name, pidFile: join(dir, `${name}.pid`), logFile: join(dir, `${name}.log`) };
}

/** The marker every server is started with, so a recycled pid is never mistaken for ours. */
function marker(dir: string, name: string): string {
  return `-Dengage.stack=${join(dir, name)}`;
}

function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
  }
}

/** The pid of the running server, or undefined when it is not running. */
export function runningPid(dir: string, proc: ManagedProcess): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(proc.pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const commandLine = commandLineOf(pid);
  return commandLine?.includes(marker(dir, proc.name)) ? pid : undefined;
}

export interface LaunchSpec {
  readonly command: string;
  /** JVM options; the marker is added in front. */
  readonly jvmArgs: readonly string[];
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts a detached server that outlives this process, logging to its log file. */
export function launch(dir: string, proc: ManagedProcess, spec: LaunchSpec): number {
  mkdirSync(dir, { recursive: true });
  const log = openSync(proc.logFile, 'a');
  const child = spawn(spec.command, [marker(dir, proc.name), ...spec.jvmArgs, ...spec.args], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${proc.name} (${spec.command})`);
  child.unref();
  writeFileSync(proc.pidFile, `${child.pid}\n`);
  return child.pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after the grace period; removes the pid file. */
export async function stop(dir: string, proc: ManagedProcess, graceMs = 20_000): Promise<boolean> {
  const pid = runningPid(dir, proc);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (alive(pid) && Date.now() < deadline) await sleep(100);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    while (alive(pid)) await sleep(50);
  }
  rmSync(proc.pidFile, { force: true });
  return pid !== undefined;
}

/** The last lines of a server's log, to explain a failed start. */
export function tailOf(proc: ManagedProcess, lines = 15): string {
  try {
    return readFileSync(proc.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `probe` until it resolves true, or throws with the server's log tail. */
export async function waitUntil(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  isRunning: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (!isRunning()) {
      throw new Error(`${proc.name} exited during start-up; ${proc.logFile} ends with:\n${tailOf(proc)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${proc.name} did not answer within ${timeoutMs / 1000} s; ${proc.logFile} ends with:\n${tailOf(proc)}`,
      );
    }
    await sleep(250);
  }
}
