import Fastify, { type FastifyInstance, type RouteHandlerMethod } from 'fastify';
import mongoose from 'mongoose';
import { createKafka, LogEnds } from '@engage/event-log';
import {
  answerUnknownRoutes,
  authentication,
  frameworkErrors,
  guardContracts,
  KeyStore,
  httpMetrics,
  limitJsonNesting,
  openApi,
  serviceLogging,
  type ServiceLogging,
  openApiDocumentOf,
  registerErrorHandler,
  routeContractsOf,
  routeTableOf,
  storeKeyLookup,
  type RouteContract,
  type RouteEntry,
} from '@engage/auth';
import { ReadSide } from './read/read-models.ts';
import { budgetRoutes } from './read/budget-routes.ts';
import { readRoutes } from './read/routes.ts';
import { socialRoutes } from './read/social-routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import websocket from '@fastify/websocket';
import { notificationRoutes } from './notifications/routes.ts';
import { notificationPusher } from './notifications/pusher.ts';
import type { QueryApiConfig } from './config.ts';
import { healthRoutes } from './health/routes.ts';
import { kafkaPlugin } from './plugins/kafka.ts';
import { mongoPlugin } from './plugins/mongo.ts';

/** Builds the query API without listening, so tests can `inject` into it. */
/** `logging`: silent unless given (`server.ts` gives `serviceLogging`); correlation ids either way. */
export async function buildApp(
  config: QueryApiConfig,
  logging: ServiceLogging = { ...serviceLogging('query-api'), logger: false },
): Promise<FastifyInstance> {
  const app = Fastify({ ...logging, ajv: { customOptions: { removeAdditional: false } }, frameworkErrors });
  answerUnknownRoutes(app);
  await app.register(httpMetrics, { service: 'query-api', serve: true });
  await app.register(mongoPlugin, { url: config.mongoUrl, database: config.mongoDatabase });
  await app.register(kafkaPlugin, { brokers: config.kafkaBrokers, clientId: 'query-api' });
  registerErrorHandler(app);
  limitJsonNesting(app);
  await registerQueryRoutes(app, { db: app.mongo, config });
  return app;
}

export interface QueryRouteDeps {
  readonly db: mongoose.Connection;
  readonly config: Pick<
    QueryApiConfig,
    | 'tokens'
    | 'topicPrefix'
    | 'schemaRegistryUrl'
    | 'kafkaBrokers'
    | 'allowedOrigins'
    | 'pusher'
    | 'pusherIdleMs'
    | 'backends'
  >;
}

/** Every public route of the query side: the route table that `kong/kong.yml` is generated from. */
export async function registerQueryRoutes(app: FastifyInstance, deps: QueryRouteDeps): Promise<void> {
  const { config } = deps;
  await openApi(app, 'Engage queries', '/docs');
  const keys = new KeyStore(deps.db);
  guardContracts(app);
  await app.register(authentication, {
    keys: storeKeyLookup(keys),
    tokens: config.tokens,
  });
  await app.register(healthRoutes, {
    schemaRegistryUrl: config.schemaRegistryUrl,
    backends: config.backends,
  });
  const log =
    config.kafkaBrokers.length > 0
      ? new LogEnds(createKafka(config.kafkaBrokers, 'query-api-ends'))
      : undefined;
  if (log !== undefined) app.addHook('onClose', () => log.close());
  const readSide = new ReadSide(deps.db, config.topicPrefix, log);
  // A read of one resource never answers 404 for something the log already held when it arrived.
  app.addHook('onRoute', (route) => {
    if (route.method !== 'GET' || (route as { websocket?: boolean }).websocket === true) return;
    const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
    route.handler = function (this: FastifyInstance, request, reply) {
      return readSide.settle(async () => handler.call(this, request, reply));
    };
  });
  // Before readRoutes: /users/me/kudos-budget is not a user id.
  await app.register(budgetRoutes, { readSide });
  await app.register(readRoutes, { readSide });
  await app.register(socialRoutes, { readSide });
  await app.register(auditRoutes, {
    readSide,
    schemaRegistryUrl: config.schemaRegistryUrl,
    topicPrefix: config.topicPrefix,
    kafkaBrokers: config.kafkaBrokers,
    keys,
  });
  await app.register(adminRoutes, {
    db: deps.db,
    kafkaBrokers: config.kafkaBrokers,
    topicPrefix: config.topicPrefix,
    schemaRegistryUrl: config.schemaRegistryUrl,
  });
  await app.register(notificationRoutes, { readSide });
  // Clients only listen on the socket: a small maxPayload bounds what they can send.
  await app.register(websocket, { options: { maxPayload: 1024 } });
  await app.register(notificationPusher, {
    readSide,
    kafkaBrokers: config.pusher ? config.kafkaBrokers : [],
    schemaRegistryUrl: config.schemaRegistryUrl,
    topicPrefix: config.topicPrefix,
    allowedOrigins: config.allowedOrigins,
    ...(config.pusherIdleMs === undefined ? {} : { idleTimeoutMs: config.pusherIdleMs }),
  });
}

/** The query side's route table, collected without connecting to anything. */
export const queryRouteTable = (): Promise<RouteEntry[]> => routeTableOf(registerUnconnected);

/** The query side's OpenAPI document (what /docs serves), built without connecting to anything. */
export const queryOpenApiDocument = (): Promise<unknown> => openApiDocumentOf(registerUnconnected);

/** Every query route with its access rule and schemas, for the contract guard. */
export const queryRouteContracts = (): Promise<RouteContract[]> =>
  routeContractsOf(registerUnconnected, () => Fastify({ logger: false }));

const registerUnconnected = (app: FastifyInstance): Promise<void> =>
  registerQueryRoutes(app, {
    db: mongoose.createConnection(),
    config: {
      tokens: { issuer: '', audience: '' },
      topicPrefix: '',
      schemaRegistryUrl: '',
      kafkaBrokers: [],
      allowedOrigins: [],
      pusher: false,
    },
  });
