import type { DomainEvent } from '@engage/event-log';
import { DomainError, type Decider } from '../runtime/decider.ts';
import { requireActor, requireText } from '../shared/text.ts';

/** Setting someone's status; the shell says whether the status is in the active catalog. */
export type StatusCommand = {
  readonly type: 'SetStatus';
  readonly data: {
    readonly statusId: string;
    readonly reason: string;
    /** When it took effect; defaults to now. A past instant is a backdated correction. */
    readonly effectiveAt: number | null;
    readonly statusActive: boolean;
  };
};

export interface StatusTimeline {
  readonly current: { readonly statusId: string; readonly effectiveAt: number } | null;
}

/** How far ahead a status may be scheduled. */
const maxAheadMs = 366 * 86_400_000;

export const statusDecider: Decider<StatusCommand, StatusTimeline> = {
  initialState: { current: null },

  decide(command, _timeline, context): DomainEvent[] {
    const { statusId, reason, effectiveAt, statusActive } = command.data;
    if (!statusActive) throw new DomainError('UNKNOWN_STATUS', `${statusId} is not an active status`);
    requireText('reason', reason, 1, 500);
    const effective = effectiveAt ?? context.now;
    if (effective > context.now + maxAheadMs) {
      throw new DomainError('INVALID_EFFECTIVE_AT', 'effectiveAt is at most a year ahead');
    }
    return [
      {
        type: 'StatusSet',
        data: {
          userId: context.aggregateId,
          statusId,
          reason,
          effectiveAt: effective,
          recordedAt: context.now,
          setBy: requireActor(context.actor),
        },
      },
    ];
  },

  evolve(timeline, event): StatusTimeline {
    if (event.type !== 'StatusSet') return timeline;
    // The current status is the one with the latest effective time; a backdated correction that
    // took effect before the current one only adds to the history.
    if (timeline.current !== null && event.data.effectiveAt < timeline.current.effectiveAt) return timeline;
    return { current: { statusId: event.data.statusId, effectiveAt: event.data.effectiveAt } };
  },
};
