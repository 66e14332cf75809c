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
