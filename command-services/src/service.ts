import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import mongoose from 'mongoose';
import { createKafka, EventCodec } from '@engage/event-log';
import { internalRoutes } from './internal/routes.ts';
import { httpForwarder } from './internal/forwarder.ts';
import { catalogDecider } from './catalogs/decider.ts';
import { kudosDecider } from './kudos/decider.ts';
import { statusDecider } from './user-status/decider.ts';
import { usersDecider } from './users/decider.ts';
import { CommandBus } from './runtime/command-bus.ts';
import { registerErrorHandler } from './runtime/errors.ts';
import { mongoOwnershipDirectory } from './runtime/ownership.ts';

export interface CommandServiceConfig {
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
  /** Put in front of every topic and group name, so deployments (or test runs) can share a cluster. */
  readonly topicPrefix?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CommandServiceConfig {
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
    sessionTimeoutMs: env['KAFKA_SESSION_TIMEOUT_MS'] ? Number(env['KAFKA_SESSION_TIMEOUT_MS']) : undefined,
    partitions: env['KAFKA_PARTITIONS'] ? Number(env['KAFKA_PARTITIONS']) : undefined,
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
  const connection = await mongoose
    .createConnection(config.mongoUrl, { dbName: config.mongoDatabase, sanitizeFilter: true })
    .asPromise();
  const kafka = createKafka(config.kafkaBrokers, `command-services-${randomUUID().slice(0, 8)}`);
  const codec = await EventCodec.create(config.schemaRegistryUrl);
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  // Routes first (Fastify cannot add any once listening); the buses need our address, known after listen.
  const buses = new Map<string, CommandBus<unknown, unknown>>();
  await app.register(internalRoutes, { buses, internalToken: config.internalToken });
  app.get('/health', async () => ({ status: 'up' }));
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
  };
  const prefix = config.topicPrefix ?? '';
  // One bus per aggregate type (topic); each owns its topic's partitions through its own group.
  const all = [
    new CommandBus({ ...common, topic: `${prefix}catalogs`, decider: catalogDecider }),
    new CommandBus({ ...common, topic: `${prefix}users`, decider: usersDecider }),
    new CommandBus({ ...common, topic: `${prefix}kudos`, decider: kudosDecider }),
    new CommandBus({ ...common, topic: `${prefix}user-status`, decider: statusDecider }),
  ] as Array<CommandBus<unknown, unknown>>;
  for (const bus of all) buses.set(bus.topic, bus);
  await Promise.all([...buses.values()].map((bus) => bus.start()));

  return {
    app,
    address,
    buses,
    stop: async () => {
      await app.close();
      await Promise.all([...buses.values()].map((bus) => bus.stop()));
      await connection.close();
    },
  };
}
