// The projectors service: keeps every read model up to date. A projection whose code version is
// newer than the active one is rebuilt into new collections while the active one keeps serving,
// then switched (see runtime/rebuild.ts).
import mongoose from 'mongoose';
import { createKafka, EventCodec } from '@engage/event-log';
import { projections } from './projections.ts';
import { Projector } from './runtime/projector.ts';
import { Rebuild } from './runtime/rebuild.ts';
import { RebuildRunner } from './runtime/rebuilds.ts';
import { activeVersion, switchActiveVersion } from './runtime/versions.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};
const db = await mongoose
  .createConnection(env('MONGO_URL'), { dbName: process.env['MONGO_DB'] ?? 'engage', sanitizeFilter: true })
  .asPromise();
const kafka = createKafka(env('KAFKA_BROKERS'), 'projectors');
const codec = await EventCodec.create(env('SCHEMA_REGISTRY_URL'));
const topicPrefix = process.env['TOPIC_PREFIX'] ?? '';
const running: Projector[] = [];
/** The projector serving each projection; a rebuild an admin switches to replaces its entry. */
const live = new Map<string, Projector>();

for (const projection of projections) {
  const active = await activeVersion(db, projection.name, 0);
  if (active === 0) {
    const projector = new Projector({ kafka, codec, db, projection, topicPrefix });
    await projector.start();
    await switchActiveVersion(db, projection.name, projection.version);
    running.push(projector);
    live.set(projection.name, projector);
  } else if (active < projection.version) {
    const old = new Projector({
      kafka,
      codec,
      db,
      projection: { ...projection, version: active },
      topicPrefix,
    });
    await old.start();
    const rebuild = new Rebuild({ kafka, codec, db, projection, topicPrefix }, () => old.stop());
    running.push(rebuild.newProjector);
    live.set(projection.name, old);
    void rebuild.finished.then(() => live.set(projection.name, rebuild.newProjector));
  } else {
    const projector = new Projector({
      kafka,
      codec,
      db,
      projection: { ...projection, version: active },
      topicPrefix,
    });
    await projector.start();
    running.push(projector);
    live.set(projection.name, projector);
  }
}
// Rebuilds asked for through the admin API (POST /admin/projections/{name}/rebuild), one instance each.
const rebuilds = new RebuildRunner({ kafka, codec, db, projections, topicPrefix, live });
rebuilds.start();
process.stdout.write(`projectors: running ${running.map((projector) => projector.key).join(', ')}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void rebuilds
      .stop()
      .then(() =>
        Promise.all([...new Set([...running, ...live.values()])].map((projector) => projector.stop())),
      )
      .then(() => process.exit(0));
  });
}
