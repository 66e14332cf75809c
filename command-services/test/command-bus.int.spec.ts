import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningCommandService } from '../src/service.ts';
import type { CommandBus } from '../src/runtime/command-bus.ts';
import type { KudosKindCommand, KudosKindState } from '../src/kudos-kinds/decider.ts';
import {
  create,
  newPrefix,
  readTopic,
  rename,
  request,
  startInProcess,
  testConfig,
  versionsByAggregate,
} from './support.ts';

describe('the command runtime, one instance', () => {
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  let service: RunningCommandService;
  const bus = (): CommandBus<KudosKindCommand, KudosKindState> =>
    service.buses.get(topic) as unknown as CommandBus<KudosKindCommand, KudosKindState>;

  beforeAll(async () => {
    service = await startInProcess(testConfig(prefix));
  });

  afterAll(async () => {
    await service.stop();
  });

  it('answers an accepted command with the id, the new version and the position of its last event', async () => {
    const id = randomUUID();
    const answer = await bus().handle(request(id, create('Kind')));
    expect(answer).toEqual({
      id,
      version: 1,
      position: expect.stringMatching(new RegExp(`^${topic}:\\d+:\\d+$`)),
    });
    const events = await readTopic(topic);
    const written = events.find((event) => event.metadata.aggregateId === id);
    expect(
      written && `${written.position.topic}:${written.position.partition}:${written.position.offset}`,
    ).toBe(answer.position);
  });

  it('lets exactly one of 50 concurrent commands expecting the same version win, round after round', async () => {
    for (let round = 0; round < 5; round += 1) {
      const id = randomUUID();
      await bus().handle(request(id, create('Start')));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, index) =>
          bus().handle(request(id, rename(`Name ${index}`), { expectedVersion: 1 })),
        ),
      );
      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const conflicts = outcomes.filter(
        (outcome) =>
          outcome.status === 'rejected' && (outcome.reason as { code?: string }).code === 'VERSION_CONFLICT',
      );
      expect([winners.length, conflicts.length]).toEqual([1, 49]);
      expect(winners[0]?.status === 'fulfilled' && winners[0].value.version).toBe(2);
    }
  });

  it('writes every version of an aggregate exactly once, without gaps, under 50 concurrent commands', async () => {
    const id = randomUUID();
    await bus().handle(request(id, create('Start')));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => bus().handle(request(id, rename(`Name ${index}`)))),
    );
    expect(answers.map((answer) => answer.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 2),
    );
    const versions = versionsByAggregate(await readTopic(topic)).get(id);
    expect(versions).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('refuses a stale expected version with VERSION_CONFLICT and appends nothing', async () => {
    const id = randomUUID();
    await bus().handle(request(id, create('Start')));
    await bus().handle(request(id, rename('Second')));
    await expect(bus().handle(request(id, rename('Stale'), { expectedVersion: 1 }))).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect(versionsByAggregate(await readTopic(topic)).get(id)).toEqual([1, 2]);
  });

  it('refuses a command its decider rejects, with the rule code, and appends nothing', async () => {
    const id = randomUUID();
    await expect(bus().handle(request(id, rename('Nothing')))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(versionsByAggregate(await readTopic(topic)).get(id)).toBeUndefined();
  });
});

describe('the command runtime across restarts', () => {
  it('rehydrates state and versions, and answers a retried Idempotency-Key with the first answer, appending nothing', async () => {
    const prefix = newPrefix();
    const topic = `${prefix}catalogs`;
    const config = testConfig(prefix);
    const id = randomUUID();
    const key = randomUUID();

    let service = await startInProcess(config);
    const bus = () => service.buses.get(topic) as unknown as CommandBus<KudosKindCommand, KudosKindState>;
    await bus().handle(request(id, create('First')));
    const first = await bus().handle(request(id, rename('Second'), { idempotencyKey: key }));
    const retried = await bus().handle(request(id, rename('Second, retried'), { idempotencyKey: key }));
    expect(retried).toEqual(first);
    await service.stop();

    service = await startInProcess(config);
    const afterRestart = await bus().handle(
      request(id, rename('Second, retried after restart'), { idempotencyKey: key }),
    );
    expect(afterRestart).toEqual(first);
    // Versions continue where the log left them.
    await expect(bus().handle(request(id, rename('Stale'), { expectedVersion: 1 }))).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    const third = await bus().handle(request(id, rename('Third'), { expectedVersion: 2 }));
    expect(third.version).toBe(3);
    await service.stop();

    const events = await readTopic(topic);
    expect(versionsByAggregate(events).get(id)).toEqual([1, 2, 3]);
    expect(events.filter((event) => event.metadata.idempotencyKey === key)).toHaveLength(1);
  });
});

describe('the internal routes', () => {
  it('refuse a caller without the internal token', async () => {
    const prefix = newPrefix();
    const service = await startInProcess(testConfig(prefix));
    try {
      const command = await fetch(`${service.address}/internal/commands/${prefix}catalogs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-token': 'guess' },
        body: JSON.stringify(request(randomUUID(), create('Sneaky'))),
      });
      expect(command.status).toBe(401);
      expect((await fetch(`${service.address}/internal/ownership`)).status).toBe(401);
    } finally {
      await service.stop();
    }
  });
});
