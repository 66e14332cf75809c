import { request } from 'node:http';
import type { StackEndpoints } from '@engage/stack';

/** Which servers the tests talk to, in order of preference. */
export type ServerSource = 'named' | 'testcontainers' | 'launcher';

/** The servers named by KAFKA_BROKERS, SCHEMA_REGISTRY_URL and MONGO_URL, when all three are. */
export function namedServers(env: NodeJS.ProcessEnv = process.env): StackEndpoints | undefined {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, MONGO_URL } = env;
  if (KAFKA_BROKERS && SCHEMA_REGISTRY_URL && MONGO_URL) {
    return { kafkaBrokers: KAFKA_BROKERS, schemaRegistryUrl: SCHEMA_REGISTRY_URL, mongoUrl: MONGO_URL };
  }
  return undefined;
}

/** True when a Docker engine answers `/_ping` on DOCKER_HOST's unix socket or the default one. */
export function dockerAnswers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const host = env['DOCKER_HOST'];
  if (host !== undefined && !host.startsWith('unix://')) {
    // A TCP engine: testcontainers knows how to reach it; trust the setting.
    return Promise.resolve(true);
  }
  const socketPath = host?.slice('unix://'.length) ?? '/var/run/docker.sock';
  return new Promise((resolve) => {
    const ping = request({ socketPath, path: '/_ping', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    ping.on('error', () => resolve(false));
    ping.on('timeout', () => {
      ping.destroy();
      resolve(false);
    });
    ping.end();
  });
}

export function exportEndpoints(endpoints: StackEndpoints): void {
  process.env['KAFKA_BROKERS'] = endpoints.kafkaBrokers;
  process.env['SCHEMA_REGISTRY_URL'] = endpoints.schemaRegistryUrl;
  process.env['MONGO_URL'] = endpoints.mongoUrl;
}
