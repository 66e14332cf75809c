import type { RecordedEvent } from '@engage/event-log';
import { isoWeekOf, monthOf } from '@engage/schemas';
import type { Projection, ReadModel } from '../runtime/projection.ts';

export type LeaderboardPeriod = 'week' | 'month' | 'all';

/** Kudos received by one person in one period: counters kept as kudos come and go. */
export interface LeaderboardDocument extends ReadModel {
  readonly _id: string;
  readonly period: LeaderboardPeriod;
  /** `2026-W48`, `2026-11` or `all`. */
  readonly periodKey: string;
  readonly userId: string;
  readonly count: number;
}

/** The UTC ISO week and calendar month of an instant. */
export function periodKeysOf(instant: number): Record<LeaderboardPeriod, string> {
  return { week: isoWeekOf(instant), month: monthOf(instant), all: 'all' };
}

const periods: readonly LeaderboardPeriod[] = ['week', 'month', 'all'];

function givenAtOf(event: RecordedEvent): number | null {
  if (event.type === 'KudosGiven') return event.data.givenAt;
  if (event.type === 'KudosRevoked') return event.data.givenAt;
  return null;
}

export const leaderboardProjection: Projection<LeaderboardDocument> = {
  name: 'leaderboard',
  version: 1,
  topics: ['kudos'],
  indexes: [{ key: { period: 1, periodKey: 1, count: -1 } }],

  documentIds(event: RecordedEvent): readonly string[] {
    const givenAt = givenAtOf(event);
    if (givenAt === null || (event.type !== 'KudosGiven' && event.type !== 'KudosRevoked')) return [];
    const keys = periodKeysOf(givenAt);
    return periods.map((period) => `${period}:${keys[period]}:${event.data.to}`);
  },

  evolve(doc, event, id): LeaderboardDocument | null {
    const delta = event.type === 'KudosGiven' ? 1 : event.type === 'KudosRevoked' ? -1 : 0;
    if (delta === 0) return doc;
    const [period, periodKey, ...rest] = id.split(':');
    const count = Math.max(0, (doc?.count ?? 0) + delta);
    return {
      _id: id,
      period: period as LeaderboardPeriod,
      periodKey: periodKey ?? '',
      userId: rest.join(':'),
      count,
    };
  },
};
