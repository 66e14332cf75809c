// GET /audit/users/{id}?asOf=&knownAt=: answers equal an independent fold of the events the test
// wrote, at 20 random instants, with backdated status changes and revocations.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projected, startAuditFixture, type AuditFixture, type Fact } from './fixture.ts';

const day = 86_400_000;
const t0 = Date.UTC(2026, 5, 1, 9);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Gift {
  id: string;
  from: string;
  to: string;
  kind: string;
  givenAt: number;
}
interface Revocation {
  kudosId: string;
  revokedAt: number;
}
interface Status {
  statusId: string;
  effectiveAt: number;
  recordedAt: number;
}

describe('GET /audit/users/{id} as of an instant', () => {
  let fixture: AuditFixture;
  let auditor: string;
  const next = random(20261202);
  const person = `p-${randomUUID()}`;
  const givers = [1, 2, 3].map((n) => `g${n}-${randomUUID()}`);
  const friend = `f-${randomUUID()}`;
  const gifts: Gift[] = [];
  const revocations: Revocation[] = [];
  const statuses: Status[] = [];
  const instants: number[] = [];

  beforeAll(async () => {
    fixture = await startAuditFixture();
    auditor = await fixture.token(['auditor']);
    // Everything happens in recording order over 30 days; each fact is recorded when it occurs.
    const facts: Fact[] = [];
    const kinds = ['helper', 'mentor', 'hero'];
    let clock = t0;
    for (let step = 0; step < 40; step += 1) {
      clock += Math.floor(next() * 18 * 3_600_000) + 60_000;
      const roll = next();
      if (roll < 0.3) {
        // A status, often backdated by up to ten days (a correction recorded later).
        const backdated = next() < 0.5 ? Math.floor(next() * 10 * day) : 0;
        const status = { statusId: `s${step}`, effectiveAt: clock - backdated, recordedAt: clock };
        statuses.push(status);
        facts.push({
          aggregateId: person,
          occurredAt: clock,
          actor: person,
          event: {
            type: 'StatusSet',
            data: { userId: person, reason: `step ${step}`, setBy: person, ...status },
          },
        });
      } else if (roll < 0.8 || gifts.length === 0) {
        const toPerson = next() < 0.75;
        const from = toPerson ? (givers[Math.floor(next() * givers.length)] as string) : person;
        const gift = {
          id: `k${step}-${randomUUID().slice(0, 4)}`,
          from,
          to: toPerson ? person : friend,
          kind: kinds[Math.floor(next() * kinds.length)] as string,
          givenAt: clock,
        };
        gifts.push(gift);
        facts.push({
          aggregateId: from,
          occurredAt: clock,
          actor: from,
          event: {
            type: 'KudosGiven',
            data: {
              kudosId: gift.id,
              from,
              to: gift.to,
              kindId: gift.kind,
              reason: 'thanks',
              budgetPeriod: 'p',
              givenAt: clock,
            },
          },
        });
      } else {
        const open = gifts.filter(
          (gift) => !revocations.some((revocation) => revocation.kudosId === gift.id),
        );
        const gift = open[Math.floor(next() * open.length)];
        if (gift === undefined) continue;
        revocations.push({ kudosId: gift.id, revokedAt: clock });
        facts.push({
          aggregateId: gift.from,
          occurredAt: clock,
          actor: 'moderator',
          event: {
            type: 'KudosRevoked',
            data: {
              kudosId: gift.id,
              from: gift.from,
              to: gift.to,
              kindId: gift.kind,
              budgetPeriod: 'p',
              reason: 'moderated',
              revokedBy: 'moderator',
              revokedAt: clock,
              givenAt: gift.givenAt,
            },
          },
        });
      }
    }
    const statusFacts = facts.filter((fact) => fact.event.type === 'StatusSet');
    const kudosFacts = facts.filter((fact) => fact.event.type !== 'StatusSet');
    await fixture.write('user-status', await fixture.chain('user-status', statusFacts));
    await fixture.write('kudos', await fixture.chain('kudos', kudosFacts));
    await fixture.project();
    await projected(fixture);

    // 20 instants: 14 anywhere from a day before to a day after, 6 exactly on a recorded event.
    const end = clock;
    for (let n = 0; n < 14; n += 1) instants.push(t0 - day + Math.floor(next() * (end - t0 + 2 * day)));
    for (let n = 0; n < 6; n += 1)
      instants.push((facts[Math.floor(next() * facts.length)] as Fact).occurredAt);
  }, 120_000);

  afterAll(async () => {
    await (fixture as AuditFixture | undefined)?.stop();
  });

  /** The same question answered by a fold written for the test alone. */
  const expected = (asOf: number, knownAt: number | undefined) => {
    const bound = Math.min(asOf, knownAt ?? Infinity);
    const stood = (gift: Gift) => ({
      id: gift.id,
      revoked: revocations.some(
        (revocation) => revocation.kudosId === gift.id && revocation.revokedAt <= bound,
      ),
    });
    const count = (items: Array<{ revoked: boolean }>) => items.filter((item) => !item.revoked).length;
    const received = gifts.filter((gift) => gift.to === person && gift.givenAt <= bound).map(stood);
    const given = gifts.filter((gift) => gift.from === person && gift.givenAt <= bound).map(stood);
    const byKind: Record<string, number> = {};
    for (const gift of gifts.filter((gift) => gift.to === person && gift.givenAt <= bound))
      if (!stood(gift).revoked) byKind[gift.kind] = (byKind[gift.kind] ?? 0) + 1;
    let status: Status | null = null;
    for (const candidate of statuses) {
      if (candidate.recordedAt > (knownAt ?? Infinity) || candidate.effectiveAt > asOf) continue;
      if (
        status === null ||
        candidate.effectiveAt > status.effectiveAt ||
        (candidate.effectiveAt === status.effectiveAt && candidate.recordedAt > status.recordedAt)
      )
        status = candidate;
    }
    return { received, given, receivedTotal: count(received), givenTotal: count(given), byKind, status };
  };

  it('answers as an independent fold does at 20 instants, with and without knownAt', async () => {
    expect(statuses.some((status) => status.effectiveAt < status.recordedAt)).toBe(true);
    expect(revocations.length).toBeGreaterThan(0);
    for (const [n, asOf] of instants.entries()) {
      // Every other instant also asks what was known at another random instant.
      const knownAt = n % 2 === 1 ? (instants[(n * 7) % instants.length] as number) : undefined;
      const query = `asOf=${new Date(asOf).toISOString()}${knownAt === undefined ? '' : `&knownAt=${new Date(knownAt).toISOString()}`}`;
      const answer = await fixture.get(`/audit/users/${person}?${query}`, auditor);
      expect(answer.status).toBe(200);
      const want = expected(asOf, knownAt);
      const body = answer.body as {
        kudos: Record<
          'received' | 'given',
          { total: number; byKind: object; items: Array<{ id: string; revoked: boolean }> }
        >;
        status: { status: string; effectiveAt: string; recordedAt: string } | null;
      };
      const context = `${query} (instant ${n})`;
      expect({
        context,
        received: body.kudos.received.items.map(({ id, revoked }) => ({ id, revoked })),
      }).toEqual({
        context,
        received: want.received,
      });
      expect({ context, given: body.kudos.given.items.map(({ id, revoked }) => ({ id, revoked })) }).toEqual({
        context,
        given: want.given,
      });
      expect({
        context,
        totals: [body.kudos.received.total, body.kudos.given.total],
        byKind: body.kudos.received.byKind,
      }).toEqual({
        context,
        totals: [want.receivedTotal, want.givenTotal],
        byKind: want.byKind,
      });
      expect({
        context,
        status: body.status && [body.status.status, Date.parse(body.status.effectiveAt)],
      }).toEqual({
        context,
        status: want.status && [want.status.statusId, want.status.effectiveAt],
      });
    }
  });

  it('says which position it folded to, and answers for someone with no history', async () => {
    const answer = await fixture.get(`/audit/users/${person}`, auditor);
    const foldedTo = answer.body['foldedTo'] as Record<string, number>;
    const total = Object.values(foldedTo).reduce((sum, offset) => sum + offset, 0);
    expect(total).toBe(gifts.length + revocations.length + statuses.length);
    expect(answer.body['knownAt']).toBeNull();
    expect(await fixture.get(`/audit/users/nobody?asOf=2026-01-01T00:00:00Z`, auditor)).toMatchObject({
      status: 200,
      body: { status: null, kudos: { received: { total: 0, items: [] } }, eventsRead: 0 },
    });
  });

  it('refuses an instant that is not one, and members', async () => {
    expect(await fixture.get(`/audit/users/${person}?asOf=yesterday`, auditor)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST', field: 'asOf' },
    });
    expect((await fixture.get(`/audit/users/${person}`, await fixture.token(['member']))).status).toBe(403);
  });
});
