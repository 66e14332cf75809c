import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '@engage/auth';
import { kafkaCheck, mongoCheck, registryCheck, runCheck, serviceCheck } from './checks.ts';

const Up = Type.Union([Type.Literal('up'), Type.Literal('down')]);

const Check = Type.Object(
  { status: Up, latencyMs: Type.Number(), detail: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

const Health = Type.Object(
  {
    status: Up,
    checks: Type.Object(
      { kafka: Check, registry: Check, mongo: Check },
      // Each backend service named in `backends`, by its name.
      { additionalProperties: Check },
    ),
  },
  { additionalProperties: false },
);

export interface HealthOptions {
  readonly schemaRegistryUrl: string;
  readonly timeoutMs?: number;
  /** Other backend services (name → base URL) that must answer too. */
  readonly backends?: Readonly<Record<string, string>>;
}

/**
 * `GET /health`: 200 when Kafka, the registry, MongoDB and every backend service in `backends` all
 * answer, else 503, with each one's state.
 */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2000;
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Health of the query API and its servers',
        response: { 200: Health, 503: Health, ...errorResponses(401, 500) },
      },
    },
    async (_request, reply) => {
      const backends = Object.entries(options.backends ?? {});
      const [kafka, registry, mongo, ...services] = await Promise.all([
        runCheck(kafkaCheck(app.kafkaAdmin), timeoutMs),
        runCheck(registryCheck(options.schemaRegistryUrl), timeoutMs),
        runCheck(mongoCheck(app.mongo), timeoutMs),
        ...backends.map(([, url]) => runCheck(serviceCheck(url), timeoutMs)),
      ]);
      const checks = {
        kafka,
        registry,
        mongo,
        ...Object.fromEntries(backends.map(([name], index) => [name, services[index]])),
      };
      const status = Object.values(checks).every((check) => check.status === 'up') ? 'up' : 'down';
      return reply.code(status === 'up' ? 200 : 503).send({ status, checks });
    },
  );
}
