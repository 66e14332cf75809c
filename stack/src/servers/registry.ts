import { join } from 'node:path';
import { endpointsOf } from '../config.ts';
import { fetched } from '../fetch.ts';
import { findJava } from '../java.ts';
import { launch, managed } from '../processes.ts';
import type { Server } from './server.ts';

/** Every subject is checked against all its earlier versions unless it says otherwise. */
export const globalCompatibility = 'BACKWARD_TRANSITIVE';

export const registry: Server = {
  name: 'registry',
  startTimeoutMs: 90_000,

  async prepare(config) {
    const app = await fetched(config.cacheDir, 'registry');
    // Apicurio Registry 3.x is compiled for Java 21.
    const java = findJava(21);
    return () =>
      launch(config.dir, managed(config.dir, 'registry'), {
        command: java.bin,
        jvmArgs: ['-Xms128m', '-Xmx768m'],
        args: ['-jar', join(app, 'quarkus-run.jar')],
        cwd: config.dir,
        env: {
          QUARKUS_HTTP_HOST: config.host,
          QUARKUS_HTTP_PORT: String(config.registryPort),
          QUARKUS_MANAGEMENT_HOST: config.host,
          QUARKUS_MANAGEMENT_PORT: String(config.registryManagementPort),
          // A file database, so schema ids stay stable across restarts like the Kafka log does.
          APICURIO_DATASOURCE_URL: `jdbc:h2:file:${join(config.dir, 'registry-data', 'registry')}`,
        },
      });
  },

  async probe(config) {
    const response = await fetch(`${endpointsOf(config).schemaRegistryUrl}/subjects`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.ok && Array.isArray(await response.json());
  },

  async afterReady(config) {
    const response = await fetch(`${endpointsOf(config).schemaRegistryUrl}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: globalCompatibility }),
    });
    if (!response.ok) {
      throw new Error(
        `setting the registry's global compatibility failed: ${response.status} ${await response.text()}`,
      );
    }
  },
};
