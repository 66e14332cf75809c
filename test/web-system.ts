// The whole system behind one gateway port serving the built web app, for the browser journeys
// (web/e2e) and the web benchmark: the servers the jest suites would use (global-setup.ts), the
// slice tests' in-process back end (command services, projectors, query API with its websocket
// pusher) plus the file service, and the local gateway from kong/kong.yml.
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startFileService, type RunningFileService } from '@engage/files';
import { buildGateway, gatewayFromKong } from '@engage/gateway';
import { repoRoot } from '@engage/stack';
import { buildWebIfChanged } from '@engage/scripts/web-build';
import chooseServers from './global-setup.ts';
import globalTeardown from './global-teardown.ts';
import { startSystem, type System } from './slices/system.ts';

export { personPassword } from './slices/system.ts';

export interface WebSystem {
  /** The gateway's origin, for example http://127.0.0.1:41234. */
  readonly baseUrl: string;
  readonly admin: { readonly email: string; readonly password: string };
  readonly system: System;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

export async function startWebSystem(
  options: { say?: (line: string) => void; selfSignUp?: boolean } = {},
): Promise<WebSystem> {
  const say = options.say ?? ((line: string) => void process.stderr.write(`web system: ${line}\n`));
  await chooseServers();
  await buildWebIfChanged(repoRoot, say);
  // The notification socket accepts the app's own origin only: the gateway's, known before it listens.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  process.env['ALLOWED_ORIGINS'] = baseUrl;
  const admin = { email: 'web.admin@example.com', password: 'the web journeys admin passphrase' };
  const system = await startSystem(admin, { pusher: true, selfSignUp: options.selfSignUp ?? true });
  let files: RunningFileService | undefined;
  let gateway: FastifyInstance | undefined;
  try {
    files = await startFileService({
      host: '127.0.0.1',
      port: 0,
      kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '',
      schemaRegistryUrl: process.env['SCHEMA_REGISTRY_URL'] ?? '',
      mongoUrl: process.env['MONGO_URL'] ?? '',
      mongoDatabase: system.db.name,
      topicPrefix: system.prefix,
      internalToken: 'web-system-files',
      tokens: { issuer: 'engage', audience: 'engage-api' },
      partitions: 3,
    });
    gateway = await buildGateway({
      ...gatewayFromKong(join(repoRoot, 'kong', 'kong.yml'), {
        UPSTREAM_COMMAND_SERVICES: system.commands.address,
        UPSTREAM_QUERY_API: system.queriesAddress ?? '',
        UPSTREAM_FILES: files.address,
      }),
      webRoot: join(repoRoot, 'web', 'dist'),
    });
    await gateway.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await gateway?.close();
    await files?.stop();
    await system.stop();
    throw error;
  }
  say(`the built web app and the API at ${baseUrl}`);
  const running = { files, gateway };
  return {
    baseUrl,
    admin,
    system,
    stop: async () => {
      await running.gateway.close();
      await running.files.stop();
      await system.stop();
      await globalTeardown();
    },
  };
}
