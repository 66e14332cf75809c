import Fastify, { type FastifyInstance } from 'fastify';
import {
  authentication,
  frameworkErrors,
  guardContracts,
  KeyStore,
  httpMetrics,
  limitJsonNesting,
  openApi,
  routeContractsOf,
  routeTableOf,
  serviceLogging,
  storeKeyLookup,
  type KeyLookup,
  type RouteContract,
  type RouteEntry,
  type ServiceLogging,
} from '@engage/auth';
import { DomainError, internalRoutes, registerErrorHandler, type CommandBus } from '@engage/command-services';
import { openFileBackend } from './backend.ts';
import type { FileServiceConfig } from './config.ts';
import { fileRoutes } from './http/routes.ts';
import { ErrorSchema, HealthSchema } from './http/schemas.ts';
import type { FileService } from './upload/file-service.ts';

export interface FileRouteDeps {
  readonly keys: KeyLookup;
  readonly tokens: { readonly issuer: string; readonly audience: string };
  readonly service: () => FileService;
  readonly healthy: () => Promise<boolean>;
}

/** Every public route of the file service: the route table `kong/kong.yml` is generated from. */
export async function registerFileRoutes(app: FastifyInstance, deps: FileRouteDeps): Promise<void> {
  await openApi(app, 'Engage files', '/files/docs');
  guardContracts(app);
  await app.register(authentication, { keys: deps.keys, tokens: deps.tokens });
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        hide: true,
        response: { 200: HealthSchema, 503: HealthSchema, 401: ErrorSchema, 500: ErrorSchema },
      } as never,
    },
    async (_request, reply) => {
      const up = await deps.healthy().catch(() => false);
      return reply.code(up ? 200 : 503).send({ status: up ? 'up' : 'down' });
    },
  );
  await app.register(fileRoutes, { service: deps.service });
}

const registerUnconnected = (app: FastifyInstance): Promise<void> =>
  registerFileRoutes(app, {
    keys: async () => undefined,
    tokens: { issuer: '', audience: '' },
    service: () => {
      throw new Error('not running');
    },
    healthy: async () => false,
  });

/** The file service's route table, collected without connecting to anything. */
export const fileRouteTable = (): Promise<RouteEntry[]> => routeTableOf(registerUnconnected);

/** The file service's routes with their access rules and schemas, for the contract guard's test. */
export const fileRouteContracts = (): Promise<RouteContract[]> =>
  routeContractsOf(registerUnconnected, () => Fastify({ logger: false }));

export interface RunningFileService {
  readonly app: FastifyInstance;
  readonly address: string;
  readonly service: FileService;
  stop(): Promise<void>;
}

/** Connects to MongoDB and Kafka, listens, then starts the `files` command bus. */
export async function startFileService(
  config: FileServiceConfig,
  overrides: { readonly keys?: KeyLookup; readonly logging?: ServiceLogging } = {},
): Promise<RunningFileService> {
  const backend = await openFileBackend(config);
  const buses = new Map<string, CommandBus<unknown, unknown>>();
  // Set once the bus runs (it needs this instance's address, known after listen).
  const started: { service?: FileService } = {};

  const app = Fastify({
    ...(overrides.logging ?? { ...serviceLogging('files'), logger: false }),
    trustProxy: config.trustProxy ?? 'loopback',
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors,
  });
  registerErrorHandler(app);
  limitJsonNesting(app);
  await app.register(httpMetrics, { service: 'files', serve: true });
  await app.register(internalRoutes, { buses, internalToken: config.internalToken });
  await registerFileRoutes(app, {
    keys: overrides.keys ?? storeKeyLookup(new KeyStore(backend.connection)),
    tokens: config.tokens,
    service: () => {
      if (started.service === undefined)
        throw new DomainError('NOT_READY', 'the file service is starting; retry in a moment');
      return started.service;
    },
    healthy: async () => {
      await backend.db.command({ ping: 1 });
      return started.service !== undefined;
    },
  });
  await app.listen({ host: config.host, port: config.port });
  const listening = app.server.address();
  const port = typeof listening === 'object' && listening ? listening.port : config.port;
  const address = config.advertisedAddress ?? `http://${config.host}:${port}`;
  const { service, bus } = await backend.start(address);
  buses.set(backend.topic, bus);
  started.service = service;
  return {
    app,
    address,
    service,
    stop: async () => {
      await app.close();
      await backend.close();
    },
  };
}
