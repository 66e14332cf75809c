// The projectors service process: reads its settings from the environment and runs
// `startProjectors` (service.ts) until SIGINT or SIGTERM, which stop every projector it started.
import mongoose from 'mongoose';
import { createKafka, EventCodec } from '@engage/event-log';
import { startProjectors } from './service.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};
const db = await mongoose
  .createConnection(env('MONGO_URL'), { dbName: process.env['MONGO_DB'] ?? 'engage', sanitizeFilter: true })
  .asPromise();
const running = await startProjectors({
  kafka: createKafka(env('KAFKA_BROKERS'), 'projectors'),
  codec: await EventCodec.create(env('SCHEMA_REGISTRY_URL')),
  db,
  topicPrefix: process.env['TOPIC_PREFIX'] ?? '',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}
