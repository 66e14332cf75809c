import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import mongoose from 'mongoose';
import {
  authentication,
  KeyStore,
  openApi,
  routeTableOf,
  storeKeyLookup,
  type KeyLookup,
  type RouteEntry,
} from '@engage/auth';
import {
  CommandBus,
  DomainError,
  httpForwarder,
  internalRoutes,
  mongoOwnershipDirectory,
  NotOwnerError,
} from '@engage/command-services';
import { createKafka, EventCodec } from '@engage/event-log';
import type { FileServiceConfig } from './config.ts';
import { fileDecider, type FileCommand, type FileState } from './file/decider.ts';
import { fileRoutes } from './http/routes.ts';
import { HealthSchema } from './http/schemas.ts';
import { FileRefused } from './processing/refusal.ts';
import { GridFsStorage } from './storage/gridfs.ts';
import { FileService } from './upload/file-service.ts';

/** Every error as `{ statusCode, code, message }`, and `field` when one field is at fault. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | FileRefused | NotOwnerError, request, reply) => {
    if (error instanceof FileRefused || error instanceof DomainError) {
      const field = (error as { field?: string }).field;
      return reply.code(error.statusCode).send({
        statusCode: error.statusCode,
        code: error.code,
        message: error.message,
        ...(field === undefined ? {} : { field }),
      });
    }
    if (error instanceof NotOwnerError) {
      return reply.code(421).send({ statusCode: 421, code: error.code, message: error.message });
    }
    if (error.validation) {
      const first = error.validation[0];
      const field =
        first?.params && 'additionalProperty' in first.params
          ? String(first.params['additionalProperty'])
          : (first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '');
      return reply
        .code(400)
        .send({ statusCode: 400, code: 'INVALID_REQUEST', message: error.message, field });
    }
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 500) request.log.error(error);
    return reply.code(statusCode).send({
      statusCode,
      code: error.code ?? 'INTERNAL_ERROR',
      message: statusCode >= 500 ? 'internal error' : error.message,
    });
  });
}

export interface FileRouteDeps {
  readonly keys: KeyLookup;
  readonly tokens: { readonly issuer: string; readonly audience: string };
  readonly service: () => FileService;
  readonly healthy: () => Promise<boolean>;
}

/** Every public route of the file service: the route table `kong/kong.yml` is generated from. */
export async function registerFileRoutes(app: FastifyInstance, deps: FileRouteDeps): Promise<void> {
  await openApi(app, 'Engage files', '/files/docs');
  await app.register(authentication, { keys: deps.keys, tokens: deps.tokens });
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { hide: true, response: { 200: HealthSchema, 503: HealthSchema } } as never,
    },
    async (_request, reply) => {
      const up = await deps.healthy().catch(() => false);
      return reply.code(up ? 200 : 503).send({ status: up ? 'up' : 'down' });
    },
  );
  await app.register(fileRoutes, { service: deps.service });
}

/** The file service's route table, collected without connecting to anything. */
export const fileRouteTable = (): Promise<RouteEntry[]> =>
  routeTableOf((app) =>
    registerFileRoutes(app, {
      keys: async () => undefined,
      tokens: { issuer: '', audience: '' },
      service: () => {
        throw new Error('not running');
      },
      healthy: async () => false,
    }),
  );

export interface RunningFileService {
  readonly app: FastifyInstance;
  readonly address: string;
  readonly service: FileService;
  stop(): Promise<void>;
}

/** Connects to MongoDB and Kafka, starts the `files` command bus, and listens. */
export async function startFileService(
  config: FileServiceConfig,
  overrides: { readonly keys?: KeyLookup; readonly logger?: boolean } = {},
): Promise<RunningFileService> {
  const connection = await mongoose
    .createConnection(config.mongoUrl, { dbName: config.mongoDatabase, sanitizeFilter: true })
    .asPromise();
  connection.set('strictQuery', true);
  const db = connection.db;
  if (db === undefined) throw new Error('MongoDB connection has no database');
  const kafka = createKafka(config.kafkaBrokers, `files-${randomUUID().slice(0, 8)}`);
  const codec = await EventCodec.create(config.schemaRegistryUrl);
  const storage = new GridFsStorage(db);
  const topic = `${config.topicPrefix}files`;
  const buses = new Map<string, CommandBus<unknown, unknown>>();
  // Set once the bus runs (it needs this instance's address, known after listen).
  const started: { service?: FileService } = {};

  const app = Fastify({
    logger: overrides.logger ?? false,
    trustProxy: config.trustProxy ?? 'loopback',
    ajv: { customOptions: { removeAdditional: false } },
  });
  registerErrorHandler(app);
  await app.register(internalRoutes, { buses, internalToken: config.internalToken });
  await registerFileRoutes(app, {
    keys: overrides.keys ?? storeKeyLookup(new KeyStore(connection)),
    tokens: config.tokens,
    service: () => {
      if (started.service === undefined)
        throw new DomainError('NOT_READY', 'the file service is starting; retry in a moment', 503);
      return started.service;
    },
    healthy: async () => {
      await db.command({ ping: 1 });
      return started.service !== undefined;
    },
  });
  await app.listen({ host: config.host, port: config.port });
  const listening = app.server.address();
  const port = typeof listening === 'object' && listening ? listening.port : config.port;
  const address = config.advertisedAddress ?? `http://${config.host}:${port}`;

  const bus = new CommandBus<FileCommand, FileState>({
    kafka,
    codec,
    topic,
    decider: fileDecider,
    directory: mongoOwnershipDirectory(connection),
    address,
    forward: httpForwarder(config.internalToken),
    partitions: config.partitions,
    sessionTimeoutMs: config.sessionTimeoutMs,
  });
  buses.set(topic, bus);
  await bus.start();
  const running = new FileService({ storage, bus });
  started.service = running;
  return {
    app,
    address,
    service: running,
    stop: async () => {
      await app.close();
      await bus.stop();
      await connection.close();
    },
  };
}
