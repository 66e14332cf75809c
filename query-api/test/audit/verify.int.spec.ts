// GET /audit/verify: tampering written straight to the log is found and named; a whole chain holds.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventHash } from '@engage/event-log';
import { startAuditFixture, type AuditFixture, type ChainedRecord, type Fact } from './fixture.ts';

const at = Date.UTC(2026, 4, 4, 8);

/** `count` kudos given by `giver`, one a minute. */
const gifts = (giver: string, count: number): Fact[] =>
  Array.from({ length: count }, (_, index) => ({
    aggregateId: giver,
    occurredAt: at + index * 60_000,
    actor: giver,
    event: {
      type: 'KudosGiven',
      data: {
        kudosId: `${giver}-${index}`,
        from: giver,
        to: 'someone',
        kindId: 'helper',
        reason: `gift ${index}`,
        budgetPeriod: '2026-W19',
        givenAt: at + index * 60_000,
      },
    },
  }));

interface Report {
  holds: boolean;
  checked: number;
  aggregates: number;
  firstBrokenLink: Record<string, unknown> | null;
  brokenLinks: Array<Record<string, unknown>>;
  missingVersions: Array<{ aggregateId: string; versions: number[] }>;
  reordered: Array<Record<string, unknown>>;
}

describe('GET /audit/verify', () => {
  let fixture: AuditFixture;
  let auditor: string;
  const ids = {
    whole: `whole-${randomUUID()}`,
    wrongHash: `hash-${randomUUID()}`,
    skipped: `skip-${randomUUID()}`,
    reordered: `order-${randomUUID()}`,
    changed: `body-${randomUUID()}`,
  };
  const positions: Record<string, string[]> = {};
  const hashes: Record<string, string[]> = {};

  const hashOf = (record: ChainedRecord) => eventHash(record.type, record.metadata, record.value);
  const verify = async (query: string) => {
    const answer = await fixture.get(`/audit/verify?${query}`, auditor);
    expect(answer.status).toBe(200);
    return answer.body as unknown as Report;
  };

  beforeAll(async () => {
    fixture = await startAuditFixture();
    auditor = await fixture.token(['auditor']);

    const whole = await fixture.chain('kudos', gifts(ids.whole, 4));
    positions['whole'] = await fixture.write('kudos', whole);

    // A wrong previous hash on the second event.
    const wrong = await fixture.chain('kudos', gifts(ids.wrongHash, 3));
    hashes['wrongHash'] = wrong.map(hashOf);
    const forged = 'f'.repeat(64);
    (wrong[1] as ChainedRecord).headers = { ...wrong[1]?.headers, 'prev-hash': forged };
    positions['wrongHash'] = await fixture.write('kudos', wrong);

    // Version 3 of 4 removed from the log.
    const skipped = await fixture.chain('kudos', gifts(ids.skipped, 4));
    hashes['skipped'] = skipped.map(hashOf);
    positions['skipped'] = await fixture.write(
      'kudos',
      [0, 1, 3].map((index) => skipped[index] as ChainedRecord),
    );

    // Versions 2 and 3 swapped in the log.
    const swapped = await fixture.chain('kudos', gifts(ids.reordered, 4));
    positions['reordered'] = await fixture.write(
      'kudos',
      [0, 2, 1, 3].map((index) => swapped[index] as ChainedRecord),
    );

    // The second event's body rewritten (its headers untouched).
    const changed = await fixture.chain('kudos', gifts(ids.changed, 3));
    hashes['changed'] = changed.map(hashOf);
    const rewritten = gifts(ids.changed, 2)[1];
    if (rewritten?.event.type !== 'KudosGiven') throw new Error('unexpected fixture');
    (changed[1] as ChainedRecord).value = await fixture.codec.encode('KudosGiven', {
      ...rewritten.event.data,
      to: 'somebody else',
    });
    positions['changed'] = await fixture.write('kudos', changed);
  }, 120_000);

  afterAll(async () => {
    await (fixture as AuditFixture | undefined)?.stop();
  });

  it('says an untouched chain holds and how many events it checked', async () => {
    expect(await verify(`aggregate=${ids.whole}`)).toMatchObject({
      holds: true,
      checked: 4,
      aggregates: 1,
      firstBrokenLink: null,
      brokenLinks: [],
      missingVersions: [],
      reordered: [],
      unreadable: [],
    });
    // A client that wrote before sends its position, as on every read; the answer is the same.
    expect(await verify(`aggregate=${ids.whole}&consistentWith=kudos:0:0`)).toMatchObject({
      holds: true,
      checked: 4,
    });
  });

  it('names a wrong previous hash with its position and both hashes', async () => {
    const report = await verify(`aggregate=${ids.wrongHash}`);
    expect(report.holds).toBe(false);
    expect(report.firstBrokenLink).toEqual({
      position: positions['wrongHash']?.[1],
      aggregateId: ids.wrongHash,
      version: 2,
      expectedPrevHash: hashes['wrongHash']?.[0],
      foundPrevHash: 'f'.repeat(64),
      previousPosition: positions['wrongHash']?.[0],
    });
    expect(report.missingVersions).toEqual([]);
  });

  it('names a skipped version', async () => {
    const report = await verify(`aggregate=${ids.skipped}`);
    expect(report).toMatchObject({ holds: false, checked: 3 });
    expect(report.missingVersions).toEqual([{ aggregateId: ids.skipped, versions: [3] }]);
    // Version 4 points at the hash of the missing version 3, not at version 2's.
    expect(report.firstBrokenLink).toMatchObject({
      position: positions['skipped']?.[2],
      version: 4,
      expectedPrevHash: hashes['skipped']?.[1],
      foundPrevHash: hashes['skipped']?.[2],
    });
  });

  it('names a reordered pair', async () => {
    const report = await verify(`aggregate=${ids.reordered}`);
    expect(report).toMatchObject({ holds: false, checked: 4, missingVersions: [] });
    expect(report.reordered).toEqual([
      { aggregateId: ids.reordered, position: positions['reordered']?.[2], version: 2, after: 3 },
    ]);
  });

  it('finds a changed body at the next link of its chain', async () => {
    const report = await verify(`aggregate=${ids.changed}`);
    expect(report.holds).toBe(false);
    expect(report.firstBrokenLink).toMatchObject({
      position: positions['changed']?.[2],
      version: 3,
      foundPrevHash: hashes['changed']?.[1],
      previousPosition: positions['changed']?.[1],
    });
    expect(report.firstBrokenLink?.['expectedPrevHash']).not.toBe(hashes['changed']?.[1]);
    expect(report.missingVersions).toEqual([]);
    expect(report.reordered).toEqual([]);
  });

  it('checks a whole topic, and an empty one holds', async () => {
    const report = await verify('topic=kudos');
    expect(report).toMatchObject({ holds: false, checked: 4 + 3 + 3 + 4 + 3, aggregates: 5 });
    const broken = new Set(report.brokenLinks.map((link) => link['aggregateId']));
    expect(broken).toEqual(new Set([ids.wrongHash, ids.skipped, ids.reordered, ids.changed]));
    expect(await verify('topic=user-status')).toMatchObject({ holds: true, checked: 0 });
  });

  it('asks for an aggregate or a topic, and refuses members', async () => {
    expect(await fixture.get('/audit/verify', auditor)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST' },
    });
    expect((await fixture.get('/audit/verify?topic=nonsense', auditor)).status).toBe(400);
    expect(
      (await fixture.get(`/audit/verify?aggregate=${ids.whole}`, await fixture.token(['member']))).status,
    ).toBe(403);
  });
});
