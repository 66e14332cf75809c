import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { authentication, KeyStore, openApi, storeKeyLookup } from '@engage/auth';
import { ReadSide } from './read/read-models.ts';
import { readRoutes } from './read/routes.ts';
import type { QueryApiConfig } from './config.ts';
import { healthRoutes } from './health/routes.ts';
import { kafkaPlugin } from './plugins/kafka.ts';
import { mongoPlugin } from './plugins/mongo.ts';

/** Builds the query API without listening, so tests can `inject` into it. */
export async function buildApp(config: QueryApiConfig, logger = false): Promise<FastifyInstance> {
  const app = Fastify({ logger, ajv: { customOptions: { removeAdditional: false } } });
  await app.register(mongoPlugin, { url: config.mongoUrl, database: config.mongoDatabase });
  await app.register(kafkaPlugin, { brokers: config.kafkaBrokers, clientId: 'query-api' });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 500) request.log.error(error);
    const field =
      error.validation?.[0]?.instancePath.replace(/^\//, '') ||
      error.validation?.[0]?.params['additionalProperty'];
    return reply.code(statusCode).send({
      statusCode,
      code: error.validation ? 'INVALID_REQUEST' : (error.code ?? 'INTERNAL_ERROR'),
      message: statusCode >= 500 ? 'internal error' : error.message,
      ...(field ? { field } : {}),
    });
  });
  await openApi(app, 'Engage queries', '/docs');
  await app.register(authentication, {
    keys: storeKeyLookup(new KeyStore(app.mongo)),
    tokens: config.tokens,
  });
  await app.register(healthRoutes, { schemaRegistryUrl: config.schemaRegistryUrl });
  await app.register(readRoutes, { readSide: new ReadSide(app.mongo, config.topicPrefix) });
  return app;
}
