import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where the repository's root is, whatever the working folder. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface StackConfig {
  /** `dev` for `npm start`, `test` for the test harness: two stacks side by side. */
  readonly name: string;
  /** Data, pid and log files of this stack (git-ignored). */
  readonly dir: string;
  /** Downloaded server jars, shared by every clone on the machine. */
  readonly cacheDir: string;
  readonly host: string;
  readonly kafkaPort: number;
  readonly kafkaControllerPort: number;
  readonly registryPort: number;
  readonly registryManagementPort: number;
  readonly mongoPort: number;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port (1-65535)`);
  }
  return value;
}

/**
 * The test stack shifts every default port by 10000 so that tests never touch the data of a
 * stack that `npm start` runs on the same machine.
 */
export function stackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const name = env['STACK_NAME'] ?? 'dev';
  const shift = name === 'test' ? 10000 : 0;
  return {
    name,
    dir: resolve(env['STACK_DIR'] ?? join(repoRoot, '.stack', name)),
    cacheDir: resolve(
      env['STACK_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'engage', 'stack'),
    ),
    host: '127.0.0.1',
    kafkaPort: port(env, 'KAFKA_PORT', 9092 + shift),
    kafkaControllerPort: port(env, 'KAFKA_CONTROLLER_PORT', 9093 + shift),
    registryPort: port(env, 'REGISTRY_PORT', 8081 + shift),
    registryManagementPort: port(env, 'REGISTRY_MANAGEMENT_PORT', 9001 + shift),
    mongoPort: port(env, 'MONGO_PORT', 27017 + shift),
  };
}

/** How clients reach a stack: the same three variables that name external servers. */
export interface StackEndpoints {
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  readonly mongoUrl: string;
}

export function endpointsOf(config: StackConfig): StackEndpoints {
  return {
    kafkaBrokers: `${config.host}:${config.kafkaPort}`,
    schemaRegistryUrl: `http://${config.host}:${config.registryPort}/apis/ccompat/v7`,
    mongoUrl: `mongodb://${config.host}:${config.mongoPort}`,
  };
}
