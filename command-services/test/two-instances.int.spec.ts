import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  newPrefix,
  readTopic,
  request,
  send,
  spawnInstance,
  testConfig,
  versionsByAggregate,
  waitForOwnership,
  type InstanceProcess,
  create,
  rename,
} from './support.ts';

describe('two command-service instances in separate processes', () => {
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  const config = testConfig(prefix, { partitions: 4 });
  const instances: InstanceProcess[] = [];

  afterAll(() => {
    for (const instance of instances) instance.child.kill('SIGKILL');
  });

  it('share the partitions, resolve conflicting commands with one winner, and survive kill -9 of one', async () => {
    instances.push(await spawnInstance(config), await spawnInstance(config));
    const [a, b] = instances as [InstanceProcess, InstanceProcess];
    // Both own some partitions, so commands sent to either one are forwarded half of the time.
    await waitForOwnership([a.address, b.address], topic, 4, 60_000, true);

    // Aggregates spread over every partition, created through either instance.
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const [index, id] of ids.entries()) {
      const created = await send(index % 2 ? a.address : b.address, topic, request(id, create('Start')));
      expect(created.status).toBe(200);
    }

    // Conflicting commands sent to both instances at once: one winner per aggregate.
    for (const id of ids.slice(0, 4)) {
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          send(
            index % 2 ? a.address : b.address,
            topic,
            request(id, rename(`Name ${index}`), { expectedVersion: 1 }),
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 200)).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.body['code'] === 'VERSION_CONFLICT')).toHaveLength(9);
    }

    // One instance dies without a word; the other takes its partitions once the group notices.
    a.child.kill('SIGKILL');
    await waitForOwnership([b.address], topic, 4, 60_000);
    for (const id of ids) {
      const renamed = await send(b.address, topic, request(id, rename(`After ${id}`)));
      expect({ id, status: renamed.status }).toEqual({ id, status: 200 });
    }

    // Nothing lost, nothing doubled: every aggregate's versions run 1, 2, ... without gaps.
    const versions = versionsByAggregate(await readTopic(topic));
    for (const [index, id] of ids.entries()) {
      const expected = index < 4 ? [1, 2, 3] : [1, 2];
      expect({ id, versions: versions.get(id) }).toEqual({ id, versions: expected });
    }
  });
});
