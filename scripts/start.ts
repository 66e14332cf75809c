// `npm start`: the local stack (unless KAFKA_BROKERS, SCHEMA_REGISTRY_URL and MONGO_URL name
// servers), every service, and the gateway on one port. Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminPasswordProblem } from '@engage/command-services';
import { down, repoRoot, stackConfig, up, type StackEndpoints } from '@engage/stack';
import { buildWebIfChanged } from './web-build.ts';

const say = (line: string): void => void process.stderr.write(`start: ${line}\n`);
const gatewayPort = Number(process.env['GATEWAY_PORT'] ?? 8000);
const queryApiPort = Number(process.env['QUERY_API_PORT'] ?? 8002);
const filesPort = Number(process.env['FILES_PORT'] ?? 8003);
const nodeFlags = ['--disable-warning=TimeoutNegativeWarning'];

function namedServers(env: NodeJS.ProcessEnv): StackEndpoints | undefined {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, MONGO_URL } = env;
  if (KAFKA_BROKERS && SCHEMA_REGISTRY_URL && MONGO_URL) {
    return { kafkaBrokers: KAFKA_BROKERS, schemaRegistryUrl: SCHEMA_REGISTRY_URL, mongoUrl: MONGO_URL };
  }
  return undefined;
}

// A refused ADMIN_PASSWORD stops the start before any server or service starts.
const adminRefused = adminPasswordProblem(process.env);
if (adminRefused !== undefined) {
  say(adminRefused);
  process.exit(1);
}

const config = stackConfig();
const began = Date.now();
// The gateway serves web/dist at `/`: build it first when its sources changed (SKIP_WEB_BUILD=1 skips).
if (process.env['SKIP_WEB_BUILD'] !== '1') await buildWebIfChanged(repoRoot, say);
let endpoints = namedServers(process.env);
let startedServers: Awaited<ReturnType<typeof up>>['started'] = [];
if (endpoints === undefined) {
  const stack = await up(config, (line) => say(`stack: ${line}`));
  endpoints = stack.endpoints;
  startedServers = stack.started;
} else {
  say(`using the servers named by KAFKA_BROKERS, SCHEMA_REGISTRY_URL and MONGO_URL`);
}

const serviceEnv: NodeJS.ProcessEnv = {
  ...process.env,
  KAFKA_BROKERS: endpoints.kafkaBrokers,
  SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
  MONGO_URL: endpoints.mongoUrl,
  QUERY_API_PORT: String(queryApiPort),
  FILES_PORT: String(filesPort),
  COMMAND_SERVICES_PORT: process.env['COMMAND_SERVICES_PORT'] ?? '8001',
  // Instances of command-services (and of files) forward commands to each other with this shared secret.
  INTERNAL_TOKEN: process.env['INTERNAL_TOKEN'] ?? randomBytes(24).toString('base64url'),
  GATEWAY_PORT: String(gatewayPort),
  // glibc's per-thread malloc arenas fragment under sharp/libvips: two keep the file service's peak RSS low.
  MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2',
  UPSTREAM_QUERY_API: `http://127.0.0.1:${queryApiPort}`,
  UPSTREAM_FILES: `http://127.0.0.1:${filesPort}`,
  UPSTREAM_COMMAND_SERVICES: `http://127.0.0.1:${process.env['COMMAND_SERVICES_PORT'] ?? '8001'}`,
  // The gateway's /health (served by the query API) includes each backend service.
  HEALTH_BACKENDS:
    process.env['HEALTH_BACKENDS'] ??
    [
      `command-services=http://127.0.0.1:${process.env['COMMAND_SERVICES_PORT'] ?? '8001'}`,
      `files=http://127.0.0.1:${filesPort}`,
    ].join(','),
};

const children = new Map<string, ChildProcess>();
let stopping = false;

function startService(name: string, entry: string): void {
  const child = spawn(process.execPath, [...nodeFlags, join(repoRoot, entry)], {
    env: serviceEnv,
    stdio: 'inherit',
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  say('stopping');
  const exits = [...children.values()].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children.values()) child.kill('SIGTERM');
  await Promise.race([Promise.all(exits), sleep(10_000)]);
  if (startedServers.length > 0) await down(config, (line) => say(`stack: ${line}`), startedServers);
  process.exit(code);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

startService('command-services', 'command-services/src/server.ts');
startService('projectors', 'projectors/src/server.ts');
startService('query-api', 'query-api/src/server.ts');
startService('files', 'files/src/server.ts');
startService('gateway', 'gateway/src/server.ts');

// Through the gateway, /health answers 200 only when Kafka, the registry, MongoDB and every backend
// in HEALTH_BACKENDS (the command services, the file service) answer.
const healthUrl = `http://127.0.0.1:${gatewayPort}/health`;
for (;;) {
  const gateway = await fetch(healthUrl).catch(() => undefined);
  if (gateway?.ok) break;
  if (Date.now() - began > 120_000) {
    say(`${healthUrl} did not answer 200 within 120 s`);
    await shutdown(1);
  }
  await sleep(250);
}
// The first admin (ADMIN_EMAIL, ADMIN_PASSWORD) can act as one: their token carries the admin role.
const adminEmail = serviceEnv['ADMIN_EMAIL'];
const adminPassword = serviceEnv['ADMIN_PASSWORD'];
if (adminEmail && adminPassword) {
  for (;;) {
    const answer = await fetch(`http://127.0.0.1:${gatewayPort}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: adminEmail, password: adminPassword }),
    }).catch(() => undefined);
    const body = (await answer?.json().catch(() => undefined)) as { access_token?: string } | undefined;
    const token = body?.access_token;
    if (answer?.status === 400 || answer?.status === 429) {
      say(
        `${adminEmail} cannot sign in with ADMIN_PASSWORD (${answer.status}): this system's first admin has another password`,
      );
      break;
    }
    if (token !== undefined) {
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
        roles?: string[];
      };
      if (claims.roles?.includes('admin') === true) break;
    }
    if (Date.now() - began > 120_000) {
      say(`${adminEmail} could not sign in as an admin within 120 s`);
      await shutdown(1);
    }
    await sleep(250);
  }
}
say(
  `ready in ${((Date.now() - began) / 1000).toFixed(1)} s: ${healthUrl} answers 200 (Kafka, registry, MongoDB, command services, file service). Ctrl-C stops it.`,
);
