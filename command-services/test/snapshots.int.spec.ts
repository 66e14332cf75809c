// Snapshots and the memory budget, against the real stack: a new owner reads only the log's tail
// past the snapshots and holds what a full replay holds; an aggregate evicted from memory comes
// back with its versions, its Idempotency-Key answers and its hash-chain head; a snapshot written
// by an older decider version is not trusted.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { createKafka, EventCodec, metrics } from '@engage/event-log';
import { catalogDecider, type CatalogCommand, type CatalogState } from '../src/catalogs/decider.ts';
import { CommandBus } from '../src/runtime/command-bus.ts';
import type { Decider } from '../src/runtime/decider.ts';
import { mongoOwnershipDirectory } from '../src/runtime/ownership.ts';
import { mongoSnapshotStore } from '../src/runtime/snapshots.ts';
import { httpForwarder } from '../src/internal/forwarder.ts';
import type { RunningCommandService } from '../src/service.ts';
import {
  create,
  internalToken,
  newPrefix,
  readTopic,
  rename,
  request,
  send,
  spawnInstance,
  startInProcess,
  testConfig,
  versionsByAggregate,
  waitForOwnership,
  type InstanceProcess,
} from './support.ts';

type CatalogBus = CommandBus<CatalogCommand, CatalogState>;
const catalogsOf = (service: RunningCommandService, topic: string): CatalogBus =>
  service.buses.get(topic) as unknown as CatalogBus;

/** Records this process has read from `topic`'s log while taking its partitions. */
async function replayed(topic: string): Promise<number> {
  const metric = await metrics.getSingleMetric('engage_command_bus_replayed_records_total')?.get();
  return (metric?.values ?? [])
    .filter((value) => value.labels['topic'] === topic)
    .reduce((sum, value) => sum + value.value, 0);
}

/** Each aggregate as its owner holds it: state, version, chain head, position and keys' answers. */
async function held(bus: CatalogBus, ids: readonly string[]): Promise<Map<string, unknown>> {
  const records = new Map<string, unknown>();
  for (const id of ids) records.set(id, await bus.aggregate(id));
  return records;
}

describe('snapshots', () => {
  const children: InstanceProcess[] = [];
  afterAll(() => {
    for (const child of children) child.child.kill('SIGKILL');
  });

  it('let an instance that gains the partitions read only the tail, and hold what a full replay holds', async () => {
    const prefix = newPrefix();
    const topic = `${prefix}catalogs`;
    // Nothing is snapshotted while running, so a kill -9 leaves a tail behind the last checkpoint.
    const config = testConfig(prefix, {
      partitions: 2,
      snapshots: { snapshotEvery: 1_000, snapshotIntervalMs: 600_000 },
    });
    const ids = Array.from({ length: 6 }, () => randomUUID());

    // Written, then snapshotted by a clean stop.
    const first = await startInProcess(config);
    for (const [index, id] of ids.entries()) {
      await catalogsOf(first, topic).handle(request(id, create(`Kind ${index}`)));
      await catalogsOf(first, topic).handle(
        request(id, rename(`Kind ${index} b`), { idempotencyKey: `b-${id}` }),
      );
    }
    await first.stop();
    const snapshotted = (await readTopic(topic)).length;

    // The tail: written by an instance that dies without a word.
    const dying = await spawnInstance(config);
    children.push(dying);
    await waitForOwnership([dying.address], topic, 2);
    const late = [randomUUID(), randomUUID()];
    for (const [index, id] of [...ids.slice(0, 3), ...late].entries()) {
      const body = late.includes(id) ? create(`Late ${index}`) : rename(`Kind ${index} c`);
      expect(
        (await send(dying.address, topic, request(id, body, { idempotencyKey: `c-${id}` }))).status,
      ).toBe(200);
    }
    dying.child.kill('SIGKILL');
    const all = await readTopic(topic);
    expect(all.length - snapshotted).toBe(5);

    const before = await replayed(topic);
    const gaining = await startInProcess(config);
    const fromSnapshots = await held(catalogsOf(gaining, topic), [...ids, ...late]);
    expect(await replayed(topic)).toBe(before + 5);
    await gaining.stop();

    // The reference: a full replay (another database has no snapshots).
    const replaying = await startInProcess({ ...config, mongoDatabase: `${config.mongoDatabase}_replay` });
    const fromLog = await held(catalogsOf(replaying, topic), [...ids, ...late]);
    expect(await replayed(topic)).toBe(before + 5 + all.length);
    await replaying.stop();

    expect(fromSnapshots).toEqual(fromLog);
    expect([...fromLog.values()].map((record) => (record as { version: number }).version)).toEqual([
      3, 3, 3, 2, 2, 2, 1, 1,
    ]);
  }, 300_000);

  it('evict cold aggregates beyond the budget and reload them with their versions, key answers and chain heads', async () => {
    const prefix = newPrefix();
    const topic = `${prefix}catalogs`;
    const service = await startInProcess(
      testConfig(prefix, { partitions: 1, snapshots: { aggregateBudget: 2 } }),
    );
    try {
      const bus = catalogsOf(service, topic);
      const ids = Array.from({ length: 6 }, () => randomUUID());
      const answers = new Map<string, unknown>();
      const heads = new Map<string, string>();
      for (const [index, id] of ids.entries()) {
        await bus.handle(request(id, create(`Kind ${index}`)));
        answers.set(
          id,
          await bus.handle(request(id, rename(`Kind ${index} b`), { idempotencyKey: `k-${id}` })),
        );
        heads.set(id, (await bus.aggregate(id))?.lastHash ?? '');
      }
      expect(bus.aggregatesInMemory()).toBeLessThanOrEqual(2);
      // Let the evicted ones' snapshots land (they are written as they leave).
      await sleep(500);

      for (const [index, id] of ids.entries()) {
        const retried = await bus.handle(request(id, rename('Retried'), { idempotencyKey: `k-${id}` }));
        expect(retried).toEqual(answers.get(id));
        await expect(bus.handle(request(id, rename('Stale'), { expectedVersion: 1 }))).rejects.toMatchObject({
          code: 'VERSION_CONFLICT',
        });
        expect(
          (await bus.handle(request(id, rename(`Kind ${index} c`), { expectedVersion: 2 }))).version,
        ).toBe(3);
      }
      expect(bus.aggregatesInMemory()).toBeLessThanOrEqual(2);

      const events = await readTopic(topic);
      const versions = versionsByAggregate(events);
      for (const id of ids) {
        expect({ id, versions: versions.get(id) }).toEqual({ id, versions: [1, 2, 3] });
        const third = events.find(
          (event) => event.metadata.aggregateId === id && event.metadata.aggregateVersion === 3,
        );
        // The event appended after the reload chains to the head the aggregate had before it left.
        expect(third?.metadata.prevHash).toBe(heads.get(id));
      }
    } finally {
      await service.stop();
    }
  }, 180_000);

  it('ignore a snapshot written by an older decider version and fold the log instead', async () => {
    const prefix = newPrefix();
    const topic = `${prefix}catalogs`;
    const config = testConfig(prefix, { partitions: 1 });
    const connection = await mongoose
      .createConnection(config.mongoUrl, { dbName: config.mongoDatabase })
      .asPromise();
    const kafka = createKafka(config.kafkaBrokers, `snapshots-${randomUUID().slice(0, 8)}`);
    const codec = await EventCodec.create(config.schemaRegistryUrl);
    const busWith = (decider: Decider<CatalogCommand, CatalogState>): CatalogBus =>
      new CommandBus({
        kafka,
        codec,
        topic,
        decider,
        directory: mongoOwnershipDirectory(connection),
        address: 'http://127.0.0.1:1',
        forward: httpForwarder(internalToken),
        snapshots: mongoSnapshotStore(connection, topic, decider.version ?? 1),
        partitions: 1,
        sessionTimeoutMs: 6_000,
      });
    const started = async (bus: CatalogBus): Promise<CatalogBus> => {
      await bus.start();
      while (bus.readyPartitions().length < 1) await sleep(100);
      return bus;
    };
    // An older decider whose evolve did not know renames.
    const older: Decider<CatalogCommand, CatalogState> = {
      ...catalogDecider,
      version: 1,
      evolve: (state, event) =>
        event.type === 'KudosKindUpdated' ? state : catalogDecider.evolve(state, event),
    };
    const current: Decider<CatalogCommand, CatalogState> = { ...catalogDecider, version: 2 };
    const id = randomUUID();
    try {
      const first = await started(busWith(older));
      await first.handle(request(id, create('Before')));
      await first.handle(request(id, rename('After')));
      await first.stop();
      const stale = await mongoSnapshotStore(connection, topic, 1).load<CatalogState>([id]);
      expect(stale.get(id)?.state).toMatchObject({ entry: { name: 'Before' } });

      const before = await replayed(topic);
      const second = await started(busWith(current));
      const record = await second.aggregate(id);
      await second.stop();
      const log = (await readTopic(topic)).filter((event) => event.metadata.aggregateId === id);
      expect(log).toHaveLength(2);
      expect(await replayed(topic)).toBe(before + 2);
      expect(record?.version).toBe(2);
      expect(record?.state).toEqual(
        log.reduce(
          (state: CatalogState, event) => catalogDecider.evolve(state, event),
          catalogDecider.initialState,
        ),
      );
      expect(record?.state).toMatchObject({ entry: { name: 'After' } });
    } finally {
      await connection.close();
    }
  }, 180_000);
});
