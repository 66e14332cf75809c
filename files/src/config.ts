/** What the file service reads from its environment. */
export interface FileServiceConfig {
  readonly host: string;
  readonly port: number;
  /** How other instances reach this one (forwarded commands); defaults to http://host:port. */
  readonly advertisedAddress?: string | undefined;
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  readonly mongoUrl: string;
  readonly mongoDatabase: string;
  readonly topicPrefix: string;
  /** Shared by instances for forwarded commands (INTERNAL_TOKEN). */
  readonly internalToken: string;
  readonly tokens: { readonly issuer: string; readonly audience: string };
  readonly partitions?: number | undefined;
  readonly sessionTimeoutMs?: number | undefined;
  /** How many uploads are read and processed at once (FILES_CONCURRENCY; default one per CPU). */
  readonly concurrency?: number | undefined;
  /** Which proxies' X-Forwarded-For to believe (Fastify's trustProxy). */
  readonly trustProxy?: boolean | string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): FileServiceConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set`);
    return value;
  };
  return {
    host: env['FILES_HOST'] ?? '127.0.0.1',
    port: Number(env['FILES_PORT'] ?? 8003),
    advertisedAddress: env['FILES_ADVERTISED_ADDRESS'],
    kafkaBrokers: required('KAFKA_BROKERS'),
    schemaRegistryUrl: required('SCHEMA_REGISTRY_URL'),
    mongoUrl: required('MONGO_URL'),
    mongoDatabase: env['MONGO_DB'] ?? 'engage',
    topicPrefix: env['TOPIC_PREFIX'] ?? '',
    internalToken: required('INTERNAL_TOKEN'),
    tokens: { issuer: env['AUTH_ISSUER'] ?? 'engage', audience: env['AUTH_AUDIENCE'] ?? 'engage-api' },
    partitions: env['KAFKA_PARTITIONS'] ? Number(env['KAFKA_PARTITIONS']) : undefined,
    sessionTimeoutMs: env['KAFKA_SESSION_TIMEOUT_MS'] ? Number(env['KAFKA_SESSION_TIMEOUT_MS']) : undefined,
    concurrency: env['FILES_CONCURRENCY'] ? Number(env['FILES_CONCURRENCY']) : undefined,
    trustProxy: env['TRUST_PROXY'] === 'true' ? true : (env['TRUST_PROXY'] ?? 'loopback'),
  };
}
