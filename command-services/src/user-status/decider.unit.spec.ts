import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@engage/event-log';
import { given } from '../runtime/given-when-then.ts';
import { statusDecider, type StatusCommand } from './decider.ts';

const now = Date.UTC(2026, 10, 24, 9, 0);
const hour = 3_600_000;
const set = (statusId: string, effectiveAt: number | null = null, statusActive = true): StatusCommand => ({
  type: 'SetStatus',
  data: { statusId, reason: 'Client visit', effectiveAt, statusActive },
});
const context = { aggregateId: 'u1', actor: 'u1', now };

describe('setting a status', () => {
  it('records when it took effect and when it was recorded', () => {
    given(statusDecider)
      .when(set('in-office'), context)
      .then([
        {
          type: 'StatusSet',
          data: {
            userId: 'u1',
            statusId: 'in-office',
            reason: 'Client visit',
            effectiveAt: now,
            recordedAt: now,
            setBy: 'u1',
          },
        },
      ]);
  });

  it('keeps a backdated correction as a new fact, recorded now', () => {
    const events = given(statusDecider)
      .when(set('sick', now - 48 * hour), context)
      .accepted();
    expect(events[0]?.data).toMatchObject({ effectiveAt: now - 48 * hour, recordedAt: now });
  });

  it('does not let a backdated correction replace a later current status', () => {
    const current: DomainEvent = {
      type: 'StatusSet',
      data: {
        userId: 'u1',
        statusId: 'remote',
        reason: 'x',
        effectiveAt: now - hour,
        recordedAt: now - hour,
        setBy: 'u1',
      },
    };
    const backdated: DomainEvent = {
      type: 'StatusSet',
      data: {
        userId: 'u1',
        statusId: 'sick',
        reason: 'x',
        effectiveAt: now - 48 * hour,
        recordedAt: now,
        setBy: 'u1',
      },
    };
    expect(given(statusDecider, [current, backdated]).state.current?.statusId).toBe('remote');
  });

  it('needs an active status from the catalog and a reason', () => {
    given(statusDecider)
      .when(set('gone', null, false), context)
      .thenRejects('UNKNOWN_STATUS');
    given(statusDecider)
      .when(
        {
          type: 'SetStatus',
          data: { statusId: 'remote', reason: '', effectiveAt: null, statusActive: true },
        },
        context,
      )
      .thenRejects('INVALID_REASON');
  });

  it('is scheduled at most a year ahead', () => {
    given(statusDecider)
      .when(set('remote', now + 400 * 24 * hour), context)
      .thenRejects('INVALID_EFFECTIVE_AT');
  });
});
