import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import mongoose from 'mongoose';
import {
  frameworkErrors,
  httpMetrics,
  limitJsonNesting,
  passwordProblem,
  serviceLogging,
  type ServiceLogging,
} from '@engage/auth';
import { createKafka, EventCodec, LogEnds, LogHealth } from '@engage/event-log';
import { CredentialStore } from './auth/credentials.ts';
import { LoginThrottle, type LoginLimits } from './auth/login-throttle.ts';
import { registerCommandRoutes } from './routes.ts';
import { bootstrap } from './bootstrap.ts';
import { internalRoutes } from './internal/routes.ts';
import { httpForwarder } from './internal/forwarder.ts';
import { catalogDecider, type CatalogCommand, type CatalogState } from './catalogs/decider.ts';
import { kudosDecider } from './kudos/decider.ts';
import { initiativeDecider } from './initiatives/decider.ts';
import { postDecider } from './posts/decider.ts';
import { notificationDecider } from './notifications/decider.ts';
import { statusDecider } from './user-status/decider.ts';
import { usersDecider, type UsersCommand, type UsersState } from './users/decider.ts';
import { CommandBus } from './runtime/command-bus.ts';
import type { Decider } from './runtime/decider.ts';
import { mongoSnapshotStore, snapshotSettingsFromEnv, type SnapshotSettings } from './runtime/snapshots.ts';
import { registerErrorHandler } from './runtime/errors.ts';
import { mongoOwnershipDirectory } from './runtime/ownership.ts';
import { FileDeletionsPolicy } from './file-deletions/policy.ts';
import { ReadModels } from './read-models.ts';
import type { ForgetDeletedFile } from './shared/images.ts';

export interface CommandServiceConfig {
  /** How it logs: silent unless given (`server.ts` gives `serviceLogging`); correlation ids either way. */
  readonly logging?: ServiceLogging;
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  readonly mongoUrl: string;
  readonly mongoDatabase: string;
  readonly host: string;
  readonly port: number;
  /** How other instances reach this one; defaults to http://host:port. */
  readonly advertisedAddress?: string;
  readonly internalToken: string;
  readonly partitions?: number;
  readonly sessionTimeoutMs?: number;
  /** How long a command waits for Kafka to take its events before it is answered 503 (ms, default 5,000). */
  readonly appendTimeoutMs?: number;
  /** Snapshots and the memory budget of the command buses (SNAPSHOT_EVERY, SNAPSHOT_INTERVAL_MS, AGGREGATE_BUDGET). */
  readonly snapshots?: SnapshotSettings;
  /** Put in front of every topic and group name, so deployments (or test runs) can share a cluster. */
  readonly topicPrefix?: string;
  /** Access tokens name this issuer and audience; every service checks both. */
  readonly tokens?: { readonly issuer: string; readonly audience: string; readonly ttlSeconds?: number };
  /** The first admin of a fresh system (ADMIN_EMAIL, ADMIN_PASSWORD); nothing ships by default. */
  readonly admin?: { readonly email: string; readonly password: string };
  /** People may register themselves (POST /users without a token). Off unless set. */
  readonly selfSignUp?: boolean;
  /** Failed sign-ins allowed per account and per address (defaults: 5 and 50 per 15 minutes). */
  readonly loginLimits?: LoginLimits;
  /** Which proxies' X-Forwarded-For to believe for the client address (Fastify's trustProxy). */
  readonly trustProxy?: boolean | string;
}

/**
 * What is wrong with ADMIN_PASSWORD, as a message naming the variable, the rule and the fix; undefined
 * when it is acceptable or not set. Checked before anything starts.
 */
export function adminPasswordProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const email = env['ADMIN_EMAIL'];
  const password = env['ADMIN_PASSWORD'];
  if (!email || !password) return undefined;
  const problem = passwordProblem(password, email.trim().toLowerCase());
  if (problem === undefined) return undefined;
  return `ADMIN_PASSWORD is refused: ${problem} (ADMIN_EMAIL is ${email}). Set ADMIN_PASSWORD to a passphrase that keeps the rule, for example four unrelated words, and start again.`;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CommandServiceConfig {
  const adminProblem = adminPasswordProblem(env);
  if (adminProblem !== undefined) throw new Error(adminProblem);
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set`);
    return value;
  };
  const host = env['COMMAND_SERVICES_HOST'] ?? '127.0.0.1';
  const port = Number(env['COMMAND_SERVICES_PORT'] ?? 8001);
  return {
    kafkaBrokers: required('KAFKA_BROKERS'),
    schemaRegistryUrl: required('SCHEMA_REGISTRY_URL'),
    mongoUrl: required('MONGO_URL'),
    mongoDatabase: env['MONGO_DB'] ?? 'engage',
    host,
    port,
    advertisedAddress: env['COMMAND_SERVICES_ADVERTISED_ADDRESS'],
    internalToken: required('INTERNAL_TOKEN'),
    topicPrefix: env['TOPIC_PREFIX'] ?? '',
    tokens: { issuer: env['AUTH_ISSUER'] ?? 'engage', audience: env['AUTH_AUDIENCE'] ?? 'engage-api' },
    selfSignUp: env['SELF_SIGN_UP'] === 'true',
    // 'true' believes any proxy (behind Kong on a private network); else addresses or ranges.
    trustProxy: env['TRUST_PROXY'] === 'true' ? true : (env['TRUST_PROXY'] ?? 'loopback'),
    ...(env['ADMIN_EMAIL'] && env['ADMIN_PASSWORD']
      ? { admin: { email: env['ADMIN_EMAIL'], password: env['ADMIN_PASSWORD'] } }
      : {}),
    sessionTimeoutMs: env['KAFKA_SESSION_TIMEOUT_MS'] ? Number(env['KAFKA_SESSION_TIMEOUT_MS']) : undefined,
    appendTimeoutMs: env['APPEND_TIMEOUT_MS'] ? Number(env['APPEND_TIMEOUT_MS']) : undefined,
    partitions: env['KAFKA_PARTITIONS'] ? Number(env['KAFKA_PARTITIONS']) : undefined,
    snapshots: snapshotSettingsFromEnv(env),
  };
}

export interface RunningCommandService {
  readonly app: FastifyInstance;
  readonly address: string;
  readonly buses: ReadonlyMap<string, CommandBus<unknown, unknown>>;
  stop(): Promise<void>;
}

/** Connects, starts one command bus per aggregate type, and listens. */
export async function startCommandService(config: CommandServiceConfig): Promise<RunningCommandService> {
  // A refused first admin stops the start before anything listens.
  const adminProblem =
    config.admin &&
    adminPasswordProblem({ ADMIN_EMAIL: config.admin.email, ADMIN_PASSWORD: config.admin.password });
  if (adminProblem) throw new Error(adminProblem);
  const connection = await mongoose
    .createConnection(config.mongoUrl, { dbName: config.mongoDatabase, sanitizeFilter: true })
    .asPromise();
  const kafka = createKafka(config.kafkaBrokers, `command-services-${randomUUID().slice(0, 8)}`);
  const codec = await EventCodec.create(config.schemaRegistryUrl);
  const log = new LogEnds(kafka);
  const app = Fastify({
    ...(config.logging ?? { ...serviceLogging('command-services'), logger: false }),
    trustProxy: config.trustProxy ?? 'loopback',
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors,
  });
  registerErrorHandler(app);
  limitJsonNesting(app);
  await app.register(httpMetrics, { service: 'command-services', serve: true });
  // Routes first (Fastify cannot add any once listening); the buses need our address, known after listen.
  const buses = new Map<string, CommandBus<unknown, unknown>>();
  const credentials = new CredentialStore(connection);
  const throttle = new LoginThrottle(connection, config.loginLimits);
  await throttle.ensureIndexes();
  const prefix = config.topicPrefix ?? '';
  const bus = <Command, State>(topic: string) => buses.get(topic) as unknown as CommandBus<Command, State>;
  await app.register(internalRoutes, { buses, internalToken: config.internalToken });
  // Up once every bus owns its partitions' writers and the bootstrap is done; 503 until then.
  let ready = false;
  // Down from the first append Kafka does not take until it answers again (a probe each second).
  const logHealth = new LogHealth({
    probe: async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.describeCluster();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    say: (line) => app.log.warn(line),
  });
  await registerCommandRoutes(app, {
    connection,
    tokens: config.tokens ?? { issuer: 'engage', audience: 'engage-api' },
    topicPrefix: prefix,
    bus: (topic) => bus(`${prefix}${topic}`),
    credentials,
    throttle,
    selfSignUp: config.selfSignUp === true,
    ready: () => ready,
    logUp: () => logHealth.up,
    log,
  });
  await app.listen({ host: config.host, port: config.port });
  const listening = app.server.address();
  const port = typeof listening === 'object' && listening ? listening.port : config.port;
  const address = config.advertisedAddress ?? `http://${config.host}:${port}`;

  const common = {
    kafka,
    codec,
    directory: mongoOwnershipDirectory(connection),
    address,
    forward: httpForwarder(config.internalToken),
    partitions: config.partitions,
    sessionTimeoutMs: config.sessionTimeoutMs,
    health: logHealth,
    ...(config.appendTimeoutMs === undefined ? {} : { appendTimeoutMs: config.appendTimeoutMs }),
    ...config.snapshots,
  };
  const busOf = <Command, State>(name: string, decider: Decider<Command, State>) =>
    new CommandBus({
      ...common,
      topic: `${prefix}${name}`,
      decider,
      snapshots: mongoSnapshotStore(connection, `${prefix}${name}`, decider.version ?? 1),
    }) as unknown as CommandBus<unknown, unknown>;
  // One bus per aggregate type (topic); each owns its topic's partitions through its own group.
  const all = [
    busOf('catalogs', catalogDecider),
    busOf('users', usersDecider),
    busOf('kudos', kudosDecider),
    busOf('user-status', statusDecider),
    busOf('initiatives', initiativeDecider),
    busOf('posts', postDecider),
    busOf('notifications', notificationDecider),
  ];
  for (const each of all) buses.set(each.topic, each);
  await Promise.all([...buses.values()].map((each) => each.start()));
  await bootstrap(
    bus<CatalogCommand, CatalogState>(`${prefix}catalogs`),
    bus<UsersCommand, UsersState>(`${prefix}users`),
    credentials,
    config.admin,
  );
  const forgetting = (topic: string) => bus<ForgetDeletedFile, unknown>(`${prefix}${topic}`);
  const fileDeletions = new FileDeletionsPolicy({
    kafka,
    codec,
    db: connection,
    readModels: new ReadModels(connection, prefix, log),
    topicPrefix: prefix,
    buses: { users: forgetting('users'), initiatives: forgetting('initiatives'), posts: forgetting('posts') },
    partitions: config.partitions,
    sessionTimeoutMs: config.sessionTimeoutMs,
  });
  await fileDeletions.start();
  ready = true;

  return {
    app,
    address,
    buses,
    stop: async () => {
      await app.close();
      await fileDeletions.stop();
      await Promise.all([...buses.values()].map((bus) => bus.stop()));
      logHealth.stop();
      await log.close();
      await connection.close();
    },
  };
}
