import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@engage/event-log';
import { statusOf } from '../runtime/errors.ts';
import { given } from '../runtime/given-when-then.ts';
import { budgetPeriodOf } from './budget-period.ts';
import { defaultKudosBudget, kudosDecider, type KudosCommand } from './decider.ts';

const alice = 'alice';
// Sunday 29 November 2026, 23:59 UTC: the last minute of ISO week 48.
const sundayNight = Date.UTC(2026, 10, 29, 23, 59);
const mondayMorning = Date.UTC(2026, 10, 30, 0, 1);
const asAlice = { aggregateId: alice, actor: alice, now: sundayNight };

const give = (
  kudosId: string,
  overrides: Partial<Extract<KudosCommand, { type: 'GiveKudos' }>['data']> = {},
): KudosCommand => ({
  type: 'GiveKudos',
  data: {
    kudosId,
    to: 'bob',
    kindId: 'team-player',
    reason: 'Stayed late to fix the release',
    receiverActive: true,
    kindActive: true,
    budget: defaultKudosBudget,
    ...overrides,
  },
});

const given_ = (kudosId: string, budgetPeriod = '2026-W48'): DomainEvent => ({
  type: 'KudosGiven',
  data: {
    kudosId,
    from: alice,
    to: 'bob',
    kindId: 'team-player',
    reason: 'Thanks',
    budgetPeriod,
    givenAt: sundayNight - 1000,
  },
});

const tenThisWeek = Array.from({ length: 10 }, (_, index) => given_(`k${index}`));

describe('giving kudos', () => {
  it('records the kudos in the budget period it is counted in', () => {
    given(kudosDecider)
      .when(give('k1'), asAlice)
      .then([
        {
          type: 'KudosGiven',
          data: {
            kudosId: 'k1',
            from: alice,
            to: 'bob',
            kindId: 'team-player',
            reason: 'Stayed late to fix the release',
            budgetPeriod: '2026-W48',
            givenAt: sundayNight,
          },
        },
      ]);
  });

  it('is refused to yourself', () => {
    given(kudosDecider)
      .when(give('k1', { to: alice }), asAlice)
      .thenRejects('SELF_KUDOS');
  });

  it('is refused for an inactive receiver and a retired kind', () => {
    given(kudosDecider)
      .when(give('k1', { receiverActive: false }), asAlice)
      .thenRejects('RECEIVER_INACTIVE');
    given(kudosDecider)
      .when(give('k1', { kindActive: false }), asAlice)
      .thenRejects('KIND_RETIRED');
  });

  it('needs a reason of 1 to 500 characters', () => {
    given(kudosDecider)
      .when(give('k1', { reason: ' ' }), asAlice)
      .thenRejects('INVALID_REASON');
    given(kudosDecider)
      .when(give('k1', { reason: 'x'.repeat(501) }), asAlice)
      .thenRejects('INVALID_REASON');
    expect(
      given(kudosDecider)
        .when(give('k1', { reason: 'x'.repeat(500) }), asAlice)
        .accepted(),
    ).toHaveLength(1);
  });

  it('is given only in your own name', () => {
    given(kudosDecider)
      .when(give('k1'), { ...asAlice, actor: 'mallory' })
      .thenRejects('NOT_YOUR_KUDOS');
  });

  it('stops when the budget of the period is spent', () => {
    const error = given(kudosDecider, tenThisWeek)
      .when(give('k11'), asAlice)
      .thenRejects('KUDOS_BUDGET_EXHAUSTED');
    expect(statusOf(error.code)).toBe(409);
    expect(error.message).toContain('2026-W48');
  });

  it('resets at the period boundary, without rolling over', () => {
    const nextWeek = given(kudosDecider, tenThisWeek)
      .when(give('k11'), { ...asAlice, now: mondayMorning })
      .accepted();
    expect(nextWeek[0]?.data).toMatchObject({ budgetPeriod: '2026-W49' });
    // An unused budget does not carry over: nine unspent last week still allows only ten this week.
    const lastWeek = [given_('old', '2026-W47')];
    const thisWeek = Array.from({ length: 10 }, (_, index) => given_(`n${index}`, '2026-W48'));
    given(kudosDecider, [...lastWeek, ...thisWeek])
      .when(give('n10'), asAlice)
      .thenRejects('KUDOS_BUDGET_EXHAUSTED');
  });

  it('follows the budget admins configure', () => {
    const monthly = { perPeriod: 2, period: 'MONTH' as const };
    const twoThisMonth = [given_('m1', '2026-11'), given_('m2', '2026-11')];
    given(kudosDecider, twoThisMonth)
      .when(give('m3', { budget: monthly }), asAlice)
      .thenRejects('KUDOS_BUDGET_EXHAUSTED');
    const third = given(kudosDecider, twoThisMonth)
      .when(give('m3', { budget: { perPeriod: 3, period: 'MONTH' } }), asAlice)
      .accepted();
    expect(third[0]?.data).toMatchObject({ budgetPeriod: '2026-11' });
  });
});

describe('revoking kudos', () => {
  const revoke: KudosCommand = { type: 'RevokeKudos', data: { kudosId: 'k3', reason: 'Posted by mistake' } };
  const asAdmin = { aggregateId: alice, actor: 'admin', now: sundayNight };
  const revoked: DomainEvent = {
    type: 'KudosRevoked',
    data: {
      kudosId: 'k3',
      from: alice,
      to: 'bob',
      kindId: 'team-player',
      budgetPeriod: '2026-W48',
      reason: 'x',
      revokedBy: 'admin',
      revokedAt: sundayNight,
      givenAt: null,
    },
  };

  it('keeps both facts and names the moderator', () => {
    given(kudosDecider, tenThisWeek)
      .when(revoke, asAdmin)
      .then([
        {
          type: 'KudosRevoked',
          data: {
            kudosId: 'k3',
            from: alice,
            to: 'bob',
            kindId: 'team-player',
            budgetPeriod: '2026-W48',
            reason: 'Posted by mistake',
            revokedBy: 'admin',
            revokedAt: sundayNight,
            givenAt: sundayNight - 1000,
          },
        },
      ]);
  });

  it("refunds the giver's budget for that period", () => {
    expect(
      given(kudosDecider, [...tenThisWeek, revoked])
        .when(give('k11'), asAlice)
        .accepted(),
    ).toHaveLength(1);
  });

  it('is refused twice, and for kudos that do not exist', () => {
    given(kudosDecider, [...tenThisWeek, revoked])
      .when(revoke, asAdmin)
      .thenRejects('ALREADY_REVOKED');
    given(kudosDecider).when(revoke, asAdmin).thenRejects('NOT_FOUND');
  });
});

describe('budget periods', () => {
  it('are ISO weeks in UTC, and calendar months', () => {
    expect(budgetPeriodOf(sundayNight, 'WEEK')).toBe('2026-W48');
    expect(budgetPeriodOf(mondayMorning, 'WEEK')).toBe('2026-W49');
    expect(budgetPeriodOf(Date.UTC(2027, 0, 1), 'WEEK')).toBe('2026-W53');
    expect(budgetPeriodOf(Date.UTC(2026, 0, 1), 'WEEK')).toBe('2026-W01');
    expect(budgetPeriodOf(mondayMorning, 'MONTH')).toBe('2026-11');
    expect(budgetPeriodOf(Date.UTC(2026, 11, 1), 'MONTH')).toBe('2026-12');
  });
});
