// The projectors service process: reads its settings from the environment and runs
// `startProjectors` (service.ts) until SIGINT or SIGTERM, which stop every projector it started.
import mongoose from 'mongoose';
import { pino } from 'pino';
import { createKafka, EventCodec, serveMetrics } from '@engage/event-log';
import { startProjectors } from './service.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};
const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'info', base: { service: 'projectors' } });
const db = await mongoose
  .createConnection(env('MONGO_URL'), { dbName: process.env['MONGO_DB'] ?? 'engage', sanitizeFilter: true })
  .asPromise();
const running = await startProjectors({
  kafka: createKafka(env('KAFKA_BROKERS'), 'projectors'),
  codec: await EventCodec.create(env('SCHEMA_REGISTRY_URL')),
  db,
  topicPrefix: process.env['TOPIC_PREFIX'] ?? '',
  // JSON lines; a line about an event carries its correlation id.
  log: (line, fields) => logger.info(fields ?? {}, line),
});
// Its own port: the metrics page is for Prometheus, not the public. A port already taken (another
// copy running here) costs the page, not the service.
const metricsPort = Number(process.env['PROJECTORS_METRICS_PORT'] ?? 8104);
const metricsServer = await serveMetrics(
  metricsPort,
  process.env['PROJECTORS_METRICS_HOST'] ?? '127.0.0.1',
).catch((error: unknown) => {
  process.stderr.write(
    `projectors: no /metrics on port ${metricsPort} (${String(error)}); set PROJECTORS_METRICS_PORT\n`,
  );
  return undefined;
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running
      .stop()
      .then(() => db.close())
      .then(
        () => new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined))),
      )
      .then(() => process.exit(0));
  });
}
