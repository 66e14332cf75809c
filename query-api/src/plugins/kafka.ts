import fp from 'fastify-plugin';
import { Kafka, logLevel, type Admin } from 'kafkajs';

declare module 'fastify' {
  interface FastifyInstance {
    kafkaAdmin: Admin;
  }
}

export interface KafkaPluginOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** An admin client for health and lag; connected lazily so the API starts while Kafka is down. */
export const kafkaPlugin = fp<KafkaPluginOptions>(
  async (app, options) => {
    const kafka = new Kafka({
      brokers: [...options.brokers],
      clientId: options.clientId,
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 100 },
      connectionTimeout: 2000,
    });
    const admin = kafka.admin();
    app.decorate('kafkaAdmin', admin);
    app.addHook('onClose', async () => {
      await admin.disconnect();
    });
  },
  { name: 'kafka' },
);
