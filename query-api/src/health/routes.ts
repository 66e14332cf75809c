import type { FastifyInstance } from 'fastify';
import { kafkaCheck, mongoCheck, registryCheck, runCheck } from './checks.ts';

const checkSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    latencyMs: { type: 'number' },
    detail: { type: 'string' },
  },
  required: ['status', 'latencyMs'],
} as const;

const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    checks: {
      type: 'object',
      properties: { kafka: checkSchema, registry: checkSchema, mongo: checkSchema },
      required: ['kafka', 'registry', 'mongo'],
    },
  },
  required: ['status', 'checks'],
} as const;

export interface HealthOptions {
  readonly schemaRegistryUrl: string;
  readonly timeoutMs?: number;
}

/** `GET /health`: 200 when Kafka, the registry and MongoDB all answer, else 503, with each one's state. */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2000;
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Health of the query API and its servers',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const [kafka, registry, mongo] = await Promise.all([
        runCheck(kafkaCheck(app.kafkaAdmin), timeoutMs),
        runCheck(registryCheck(options.schemaRegistryUrl), timeoutMs),
        runCheck(mongoCheck(app.mongo), timeoutMs),
      ]);
      const checks = { kafka, registry, mongo };
      const status = Object.values(checks).every((check) => check.status === 'up') ? 'up' : 'down';
      return reply.code(status === 'up' ? 200 : 503).send({ status, checks });
    },
  );
}
