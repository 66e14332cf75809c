import Fastify, { type FastifyInstance } from 'fastify';
import type { QueryApiConfig } from './config.ts';
import { healthRoutes } from './health/routes.ts';
import { kafkaPlugin } from './plugins/kafka.ts';
import { mongoPlugin } from './plugins/mongo.ts';

/** Builds the query API without listening, so tests can `inject` into it. */
export async function buildApp(config: QueryApiConfig, logger = false): Promise<FastifyInstance> {
  const app = Fastify({ logger });
  await app.register(mongoPlugin, { url: config.mongoUrl, database: config.mongoDatabase });
  await app.register(kafkaPlugin, { brokers: config.kafkaBrokers, clientId: 'query-api' });
  await app.register(healthRoutes, { schemaRegistryUrl: config.schemaRegistryUrl });
  return app;
}
