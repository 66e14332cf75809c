import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import type { EventCodec } from '@engage/event-log';
import { kudosKindsProjection, type KudosKindDocument } from '../src/kudos-kinds/projection.ts';
import type { Projection } from '../src/runtime/projection.ts';
import { activeVersion } from '../src/runtime/versions.ts';
import { startProjectors } from '../src/service.ts';
import {
  caughtUp,
  catalogHistory,
  codec,
  connect,
  documents,
  kafka,
  newPrefix,
  writeHistory,
} from './support.ts';

/** Version 2 of the kudos kinds: the same documents, each marked as written by the new code. */
const marked = (
  previous: Projection | undefined,
): Projection<KudosKindDocument & { writtenBy?: number }> => ({
  ...kudosKindsProjection,
  version: 2,
  evolve: (doc, event, id) => {
    const next = kudosKindsProjection.evolve(doc, event, id);
    return next === null ? null : { ...next, writtenBy: 2 };
  },
  ...(previous === undefined ? {} : { previous }),
});

describe('startProjectors', () => {
  const client = kafka();
  let eventCodec: EventCodec;

  beforeAll(async () => {
    eventCodec = await codec();
  });

  async function deployedVersionOne(): Promise<{ db: mongoose.Connection; prefix: string }> {
    const prefix = newPrefix();
    const db = await connect(`service_${prefix.replaceAll('-', '')}`);
    await writeHistory(client, eventCodec, `${prefix}catalogs`, catalogHistory(20, 3), 3);
    const first = await startProjectors({
      kafka: client,
      codec: eventCodec,
      db,
      topicPrefix: prefix,
      projections: [kudosKindsProjection],
      log: () => undefined,
    });
    const serving = first.live.get('kudos-kinds');
    if (serving === undefined) throw new Error('nothing serves kudos-kinds');
    await caughtUp(client, db, serving);
    await first.stop();
    expect(await activeVersion(db, 'kudos-kinds', 0)).toBe(1);
    return { db, prefix };
  }

  const dbs: mongoose.Connection[] = [];
  afterAll(async () => {
    for (const db of dbs) {
      await db.dropDatabase();
      await db.close();
    }
  });

  it('keeps the active version current with its own code while a newer version rebuilds, then serves the new one', async () => {
    const { db, prefix } = await deployedVersionOne();
    dbs.push(db);
    // Written while the old version was down: only the old code may put them into its collections.
    await writeHistory(client, eventCodec, `${prefix}catalogs`, catalogHistory(5, 2, 'late'), 3);

    const running = await startProjectors({
      kafka: client,
      codec: eventCodec,
      db,
      topicPrefix: prefix,
      projections: [marked(kudosKindsProjection)],
      log: () => undefined,
    });
    expect(running.live.get('kudos-kinds')?.key).toBe('kudos-kinds@1');
    expect(running.rebuilds).toHaveLength(1);
    await running.rebuilds[0]?.finished;
    expect(running.rebuilds[0]?.progress().state).toBe('switched');
    expect(await activeVersion(db, 'kudos-kinds', 0)).toBe(2);
    expect(running.live.get('kudos-kinds')?.key).toBe('kudos-kinds@2');
    await running.stop();

    const old = await documents(db, 'kudos_kinds_v1');
    const rebuilt = await documents(db, 'kudos_kinds_v2');
    expect(rebuilt).toHaveLength(25);
    expect(rebuilt.every((doc) => doc['writtenBy'] === 2)).toBe(true);
    expect(old.some((doc) => 'writtenBy' in doc)).toBe(false);
  });

  it('never writes an older version with newer code: without it, the active collections stay as they were', async () => {
    const { db, prefix } = await deployedVersionOne();
    dbs.push(db);
    const before = await documents(db, 'kudos_kinds_v1', true);
    await writeHistory(client, eventCodec, `${prefix}catalogs`, catalogHistory(5, 2, 'late'), 3);

    const lines: string[] = [];
    const running = await startProjectors({
      kafka: client,
      codec: eventCodec,
      db,
      topicPrefix: prefix,
      projections: [marked(undefined)],
      log: (line) => lines.push(line),
    });
    expect(lines.join('\n')).toContain('kudos-kinds@1 has no code here');
    await running.rebuilds[0]?.finished;
    expect(running.live.get('kudos-kinds')?.key).toBe('kudos-kinds@2');
    await running.stop();

    expect(await documents(db, 'kudos_kinds_v1', true)).toEqual(before);
    expect(await documents(db, 'kudos_kinds_v2')).toHaveLength(25);
  });

  it('stops every projector it started, so their consumer groups are left empty', async () => {
    const { db, prefix } = await deployedVersionOne();
    dbs.push(db);
    const running = await startProjectors({
      kafka: client,
      codec: eventCodec,
      db,
      topicPrefix: prefix,
      projections: [marked(kudosKindsProjection)],
      log: () => undefined,
    });
    // Stopped in the middle of the rebuild: the old version and the rebuilding one both stop.
    await running.stop();
    const admin = client.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([
        `${prefix}projection-kudos-kinds@1`,
        `${prefix}projection-kudos-kinds@2`,
      ]);
      expect(groups.map((group) => group.members.length)).toEqual([0, 0]);
    } finally {
      await admin.disconnect();
    }
  });
});
