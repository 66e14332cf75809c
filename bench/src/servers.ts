import { randomUUID } from 'node:crypto';
import { startCommandService, type CommandBus } from '@engage/command-services';
import { down, stackConfig, up, type StackEndpoints } from '@engage/stack';

/** The servers a benchmark runs against: those named in the environment, else the launcher's test stack. */
export async function benchServers(): Promise<{ endpoints: StackEndpoints; release: () => Promise<void> }> {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, MONGO_URL } = process.env;
  if (KAFKA_BROKERS && SCHEMA_REGISTRY_URL && MONGO_URL) {
    return {
      endpoints: { kafkaBrokers: KAFKA_BROKERS, schemaRegistryUrl: SCHEMA_REGISTRY_URL, mongoUrl: MONGO_URL },
      release: async () => undefined,
    };
  }
  const config = stackConfig({ ...process.env, STACK_NAME: process.env['STACK_NAME'] ?? 'test' });
  const stack = await up(config, (line) => process.stderr.write(`stack: ${line}\n`));
  return {
    endpoints: stack.endpoints,
    release: async () => {
      if (process.env['STACK_KEEP'] !== '1') await down(config, () => undefined, stack.started);
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * A command service in this process on its own topic prefix, and its kudos-kinds bus once every
 * partition has a writer: what the append-path benchmarks drive.
 */
export async function catalogsBus(
  endpoints: StackEndpoints,
  partitions: number,
): Promise<{ bus: CommandBus<unknown, unknown>; stop: () => Promise<void> }> {
  const prefix = `bench${randomUUID().slice(0, 6)}-`;
  const service = await startCommandService({
    kafkaBrokers: endpoints.kafkaBrokers,
    schemaRegistryUrl: endpoints.schemaRegistryUrl,
    mongoUrl: endpoints.mongoUrl,
    mongoDatabase: `bench_${prefix.replaceAll('-', '')}`,
    host: '127.0.0.1',
    port: 0,
    internalToken: randomUUID(),
    topicPrefix: prefix,
    partitions,
  });
  const bus = service.buses.get(`${prefix}catalogs`);
  if (bus === undefined) throw new Error('no catalogs bus');
  while (bus.readyPartitions().length < partitions) await new Promise((resolve) => setTimeout(resolve, 100));
  return { bus, stop: () => service.stop() };
}
