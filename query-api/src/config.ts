/** What the query API reads from its environment. */
export interface QueryApiConfig {
  readonly port: number;
  readonly host: string;
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  readonly mongoUrl: string;
  readonly mongoDatabase: string;
  readonly topicPrefix: string;
  /** The issuer and audience access tokens must name. */
  readonly tokens: { readonly issuer: string; readonly audience: string };
  /** Browser origins that may open the notification socket (ALLOWED_ORIGINS, comma-separated). */
  readonly allowedOrigins: readonly string[];
  /** Whether this instance pushes notifications over websockets (PUSHER=off turns it off). */
  readonly pusher: boolean;
  /** A notification socket whose client answers no ping for this long is closed (PUSHER_IDLE_MS, 60 s). */
  readonly pusherIdleMs?: number;
  /**
   * The other backend services whose `/health` this one's includes, so the gateway's `/health`
   * (routed here) names each one (HEALTH_BACKENDS: `name=url,...`).
   */
  readonly backends?: Readonly<Record<string, string>>;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} must be set`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): QueryApiConfig {
  return {
    port: Number(env['QUERY_API_PORT'] ?? 8002),
    host: env['QUERY_API_HOST'] ?? '127.0.0.1',
    kafkaBrokers: required(env, 'KAFKA_BROKERS').split(','),
    schemaRegistryUrl: required(env, 'SCHEMA_REGISTRY_URL'),
    mongoUrl: required(env, 'MONGO_URL'),
    mongoDatabase: env['MONGO_DB'] ?? 'engage',
    topicPrefix: env['TOPIC_PREFIX'] ?? '',
    tokens: { issuer: env['AUTH_ISSUER'] ?? 'engage', audience: env['AUTH_AUDIENCE'] ?? 'engage-api' },
    allowedOrigins: (
      env['ALLOWED_ORIGINS'] ?? 'http://localhost:8000,http://127.0.0.1:8000,http://localhost:5173'
    )
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    pusher: env['PUSHER'] !== 'off',
    pusherIdleMs: Number(env['PUSHER_IDLE_MS'] ?? 60_000),
    backends: Object.fromEntries(
      (env['HEALTH_BACKENDS'] ?? '')
        .split(',')
        .map((entry) => entry.trim().split('='))
        .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '' && pair[1] !== ''),
    ),
  };
}
