import Fastify, { type FastifyInstance, type RouteHandlerMethod } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import mongoose from 'mongoose';
import { Type } from 'typebox';
import type { LogEndsSource } from '@engage/projectors';
import {
  authentication,
  errorResponses,
  guardContracts,
  KeyStore,
  openApi,
  openApiDocumentOf,
  routeContractsOf,
  routeTableOf,
  storeKeyLookup,
  type RouteContract,
  type RouteEntry,
  type TokenSettings,
} from '@engage/auth';
import { ServiceClientStore } from './auth/clients.ts';
import { CredentialStore } from './auth/credentials.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { RefreshTokenStore } from './auth/refresh-tokens.ts';
import { authRoutes } from './auth/routes.ts';
import type { CatalogCommand, CatalogState } from './catalogs/decider.ts';
import { catalogRoutes } from './catalogs/routes.ts';
import type { KudosCommand, KudosLedger } from './kudos/decider.ts';
import { kudosRoutes } from './kudos/routes.ts';
import { kudosKindRoutes } from './kudos-kinds/routes.ts';
import type { InitiativeCommand, InitiativeState } from './initiatives/decider.ts';
import { initiativeRoutes } from './initiatives/routes.ts';
import type { PostCommand, PostState } from './posts/decider.ts';
import { postRoutes } from './posts/routes.ts';
import type { NotificationCommand, NotificationState } from './notifications/decider.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { ReadModels } from './read-models.ts';
import type { CommandBus } from './runtime/command-bus.ts';
import { IdempotencyStore } from './runtime/idempotency.ts';
import { normalizeTexts } from './shared/text.ts';
import type { StatusCommand, StatusTimeline } from './user-status/decider.ts';
import { userRoutes } from './users/routes.ts';
import type { UsersCommand, UsersState } from './users/decider.ts';

export interface CommandRouteDeps {
  readonly connection: mongoose.Connection;
  readonly tokens: TokenSettings;
  /** Put in front of every topic name (positions name the full topic). */
  readonly topicPrefix: string;
  /** The bus of an aggregate type (topic name without prefix), looked up per request. */
  readonly bus: (topic: string) => CommandBus<unknown, unknown> | undefined;
  readonly credentials: CredentialStore;
  readonly throttle: LoginThrottle;
  readonly selfSignUp: boolean;
  readonly ready: () => boolean;
  /** Whether Kafka takes appends (false from a failed or overdue append until it answers again). */
  readonly logUp?: () => boolean;
  /** Where the log ends: a command refused by a lagging read model waits for it (see ReadModels.settle). */
  readonly log?: LogEndsSource;
}

/**
 * Every public route of the command side, on `app`: the route table that `kong/kong.yml` is
 * generated from. The buses exist only once this instance knows its address (after listen), so
 * routes reach them through a proxy that looks them up per request.
 */
export async function registerCommandRoutes(app: FastifyInstance, deps: CommandRouteDeps): Promise<void> {
  const keys = new KeyStore(deps.connection);
  const readModels = new ReadModels(deps.connection, deps.topicPrefix, deps.log);
  // Every command decides against read models that include what the log held when it arrived.
  app.addHook('onRoute', (route) => {
    if (route.method === 'GET' || route.method === 'HEAD') return;
    const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
    route.handler = function (this: FastifyInstance, request, reply) {
      return readModels.settle(async () => handler.call(this, request, reply));
    };
  });
  // Added after the wait, so it wraps it: a reused Idempotency-Key is refused before anything else.
  new IdempotencyStore(deps.connection).guard(app);
  // Outermost: texts are checked and normalized before the key's request is compared or decided.
  app.addHook('onRoute', (route) => {
    if (route.method === 'GET' || route.method === 'HEAD') return;
    const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
    route.handler = function (this: FastifyInstance, request, reply) {
      normalizeTexts(request.body);
      return handler.call(this, request, reply);
    };
  });
  const lazy = <Command, State>(topic: string): CommandBus<Command, State> =>
    new Proxy({} as CommandBus<Command, State>, {
      get: (_target, property) => {
        const target = deps.bus(topic) as unknown as Record<string | symbol, unknown> | undefined;
        if (target === undefined) throw new Error(`the ${topic} command bus is not running`);
        const value = target[property];
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  await openApi(app, 'Engage commands', '/commands/docs');
  await app.register(authentication, { keys: storeKeyLookup(keys), tokens: deps.tokens });
  guardContracts(app);
  const status = (value: string) =>
    Type.Object({ status: Type.Literal(value) }, { additionalProperties: false });
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary:
          'Whether this instance owns its partitions and has bootstrapped, and Kafka takes its appends',
        response: {
          200: status('up'),
          503: Type.Union([status('starting'), status('log unavailable')]),
          ...errorResponses(401, 500),
        },
      },
    },
    async (_request, reply) =>
      !deps.ready()
        ? reply.code(503).send({ status: 'starting' })
        : deps.logUp?.() === false
          ? reply.code(503).send({ status: 'log unavailable' })
          : reply.code(200).send({ status: 'up' }),
  );
  await app.register(authRoutes, {
    keys,
    credentials: deps.credentials,
    refreshTokens: new RefreshTokenStore(deps.connection),
    clients: new ServiceClientStore(deps.connection),
    throttle: deps.throttle,
    readModels,
    tokens: deps.tokens,
  });
  const catalogs = lazy<CatalogCommand, CatalogState>('catalogs');
  await app.register(kudosKindRoutes, { catalogs, readModels });
  await app.register(catalogRoutes, { catalogs, readModels });
  await app.register(kudosRoutes, { kudos: lazy<KudosCommand, KudosLedger>('kudos'), readModels });
  await app.register(userRoutes, {
    users: lazy<UsersCommand, UsersState>('users'),
    statuses: lazy<StatusCommand, StatusTimeline>('user-status'),
    credentials: deps.credentials,
    readModels,
    selfSignUp: deps.selfSignUp,
  });
  await app.register(initiativeRoutes, {
    initiatives: lazy<InitiativeCommand, InitiativeState>('initiatives'),
    readModels,
  });
  await app.register(postRoutes, { posts: lazy<PostCommand, PostState>('posts'), readModels });
  await app.register(notificationRoutes, {
    notifications: lazy<NotificationCommand, NotificationState>('notifications'),
    readModels,
  });
}

/** The command side's route table. */
export const commandRouteTable = (): Promise<RouteEntry[]> => routeTableOf(registerUnconnected);

/** The command side's OpenAPI document (what /commands/docs serves), built without connecting. */
export const commandOpenApiDocument = (): Promise<unknown> => openApiDocumentOf(registerUnconnected);

/** Every command route with its access rule and schemas, for the contract guard. */
export const commandRouteContracts = (): Promise<RouteContract[]> =>
  routeContractsOf(registerUnconnected, () => Fastify({ logger: false }));

function registerUnconnected(app: FastifyInstance): Promise<void> {
  // A connection that is never opened: registering routes reads no data.
  const connection = mongoose.createConnection();
  return registerCommandRoutes(app, {
    connection,
    tokens: { issuer: 'engage', audience: 'engage-api' },
    topicPrefix: '',
    bus: () => undefined,
    credentials: new CredentialStore(connection),
    throttle: new LoginThrottle(connection),
    selfSignUp: false,
    ready: () => false,
  });
}
