import type { StackConfig, StackEndpoints } from './config.ts';
import { endpointsOf } from './config.ts';
import { managed, runningPid, stop, waitUntil } from './processes.ts';
import { kafka } from './servers/kafka.ts';
import { mongo } from './servers/mongo.ts';
import { registry } from './servers/registry.ts';
import type { Server } from './servers/server.ts';

export const servers: readonly Server[] = [kafka, registry, mongo];

const portVariables: Record<Server['name'], string> = {
  kafka: 'KAFKA_PORT and KAFKA_CONTROLLER_PORT',
  registry: 'REGISTRY_PORT and REGISTRY_MANAGEMENT_PORT',
  mongo: 'MONGO_PORT',
};

export interface ServerState {
  readonly name: Server['name'];
  readonly pid: number | undefined;
  readonly answering: boolean;
}

async function answers(server: Server, config: StackConfig): Promise<boolean> {
  return server.probe(config).catch(() => false);
}

async function bringUp(
  server: Server,
  config: StackConfig,
  start: () => number,
): Promise<'reused' | 'started'> {
  const proc = managed(config.dir, server.name);
  const running = runningPid(config.dir, proc);
  if (running !== undefined) {
    if (await answers(server, config)) {
      await server.afterReady?.(config);
      return 'reused';
    }
    // Ours but not answering: maybe still starting, so give it its start time before replacing it.
    try {
      await waitUntil(
        proc,
        () => server.probe(config),
        () => runningPid(config.dir, proc) !== undefined,
        server.startTimeoutMs,
      );
      await server.afterReady?.(config);
      return 'reused';
    } catch {
      await stop(config.dir, proc);
    }
  }
  if (await answers(server, config)) {
    throw new Error(
      `${server.name}: another process already answers on its port (another stack?); stop it, or move this ` +
        `stack with ${portVariables[server.name]}`,
    );
  }
  start();
  await waitUntil(
    proc,
    () => server.probe(config),
    () => runningPid(config.dir, proc) !== undefined,
    server.startTimeoutMs,
  );
  await server.afterReady?.(config);
  return 'started';
}

/**
 * Starts whatever is not already running and answering; returns once every server answers.
 * Idempotent: a second call reuses healthy servers.
 */
export interface StackUp {
  readonly endpoints: StackEndpoints;
  /** The servers this call started (the others were running and answering already). */
  readonly started: ReadonlyArray<Server['name']>;
}

export async function up(config: StackConfig, report: (line: string) => void = () => {}): Promise<StackUp> {
  // Maven shares one local repository, so fetch one server at a time; start them all at once.
  const starters: Array<() => number> = [];
  for (const server of servers) starters.push(await server.prepare(config));
  const began = Date.now();
  const started: Array<Server['name']> = [];
  const launched: Array<Server['name']> = [];
  const outcomes = await Promise.allSettled(
    servers.map(async (server, index) => {
      const start = starters[index] as () => number;
      const outcome = await bringUp(server, config, () => {
        launched.push(server.name);
        return start();
      });
      if (outcome === 'started') started.push(server.name);
      report(`${server.name}: ${outcome}, answering after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure !== undefined) {
    // Leave nothing half-started behind: stop every server this call started, answering or not.
    await down(config, report, launched);
    throw failure.reason;
  }
  return { endpoints: endpointsOf(config), started };
}

/** Stops the servers of this stack (all of them unless `only` names some) by their pid files. */
export async function down(
  config: StackConfig,
  report: (line: string) => void = () => {},
  only: ReadonlyArray<Server['name']> = servers.map((server) => server.name),
): Promise<void> {
  await Promise.all(
    servers
      .filter((server) => only.includes(server.name))
      .map(async (server) => {
        const stopped = await stop(config.dir, managed(config.dir, server.name));
        report(`${server.name}: ${stopped ? 'stopped' : 'was not running'}`);
      }),
  );
}

/** Starts (or reuses) one server of this stack: the fault tests run servers of their own. */
export async function upOne(config: StackConfig, name: Server['name']): Promise<'reused' | 'started'> {
  const server = servers.find((candidate) => candidate.name === name) as Server;
  return bringUp(server, config, await server.prepare(config));
}

/** `kill -9` of one server of this stack, as an operator's fault would; true when it was running. */
export async function kill(config: StackConfig, name: Server['name']): Promise<boolean> {
  const proc = managed(config.dir, name);
  const pid = runningPid(config.dir, proc);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGKILL');
  await stop(config.dir, proc, 0);
  return true;
}

export async function status(config: StackConfig): Promise<ServerState[]> {
  return Promise.all(
    servers.map(async (server) => ({
      name: server.name,
      pid: runningPid(config.dir, managed(config.dir, server.name)),
      answering: await answers(server, config),
    })),
  );
}
