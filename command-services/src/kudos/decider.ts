import type { DomainEvent } from '@engage/event-log';
import type { KudosBudgetPeriod } from '@engage/schemas';
import { DomainError, type Decider } from '../runtime/decider.ts';
import { requireActor, requireText } from '../shared/text.ts';
import { budgetPeriodOf } from './budget-period.ts';

/** How many kudos one person may give per period, as admins set it (default 10 a week). */
export interface KudosBudget {
  readonly perPeriod: number;
  readonly period: KudosBudgetPeriod;
}

export const defaultKudosBudget: KudosBudget = { perPeriod: 10, period: 'WEEK' };

/**
 * Commands on a giver's kudos ledger (the aggregate is the giver). The shell looks up what the
 * decider cannot know by itself (the receiver, the kind, the budget) and passes it in.
 */
export type KudosCommand =
  | {
      readonly type: 'GiveKudos';
      readonly data: {
        readonly kudosId: string;
        readonly to: string;
        readonly kindId: string;
        readonly reason: string;
        readonly receiverActive: boolean;
        readonly kindActive: boolean;
        readonly budget: KudosBudget;
      };
    }
  | { readonly type: 'RevokeKudos'; readonly data: { readonly kudosId: string; readonly reason: string } };

interface GivenKudos {
  readonly givenAt: number;
  readonly to: string;
  readonly kindId: string;
  readonly budgetPeriod: string;
  readonly revoked: boolean;
}

export interface KudosLedger {
  /** Kudos counted against the budget, per budget period (revoked ones are refunded). */
  readonly spent: Readonly<Record<string, number>>;
  readonly given: Readonly<Record<string, GivenKudos>>;
}

export const kudosDecider: Decider<KudosCommand, KudosLedger> = {
  initialState: { spent: {}, given: {} },

  decide(command, ledger, context): DomainEvent[] {
    const from = context.aggregateId;
    switch (command.type) {
      case 'GiveKudos': {
        const { kudosId, to, kindId, reason, receiverActive, kindActive, budget } = command.data;
        if (requireActor(context.actor) !== from) {
          throw new DomainError('NOT_YOUR_KUDOS', 'kudos are given in your own name');
        }
        if (to === from) throw new DomainError('SELF_KUDOS', 'you cannot give kudos to yourself');
        if (!receiverActive) throw new DomainError('RECEIVER_INACTIVE', `${to} is not an active user`);
        if (!kindActive) throw new DomainError('KIND_RETIRED', `kudos kind ${kindId} is not active`);
        requireText('reason', reason, 1, 500);
        if (ledger.given[kudosId] !== undefined)
          throw new DomainError('ALREADY_EXISTS', `kudos ${kudosId} exists`);
        const budgetPeriod = budgetPeriodOf(context.now, budget.period);
        const spent = ledger.spent[budgetPeriod] ?? 0;
        if (spent >= budget.perPeriod) {
          throw new DomainError(
            'KUDOS_BUDGET_EXHAUSTED',
            `you have given all ${budget.perPeriod} kudos of ${budgetPeriod}; your budget resets next ${budget.period === 'WEEK' ? 'week' : 'month'}`,
          );
        }
        return [
          {
            type: 'KudosGiven',
            data: { kudosId, from, to, kindId, reason, budgetPeriod, givenAt: context.now },
          },
        ];
      }
      case 'RevokeKudos': {
        const { kudosId, reason } = command.data;
        const kudos = ledger.given[kudosId];
        if (kudos === undefined) throw new DomainError('NOT_FOUND', `no kudos ${kudosId} from ${from}`);
        if (kudos.revoked) throw new DomainError('ALREADY_REVOKED', `kudos ${kudosId} is already revoked`);
        requireText('reason', reason, 1, 500);
        return [
          {
            type: 'KudosRevoked',
            data: {
              kudosId,
              from,
              to: kudos.to,
              kindId: kudos.kindId,
              budgetPeriod: kudos.budgetPeriod,
              reason,
              revokedBy: requireActor(context.actor),
              revokedAt: context.now,
              givenAt: kudos.givenAt,
            },
          },
        ];
      }
      default: {
        const unknown: never = command;
        throw new DomainError('UNKNOWN_COMMAND', `unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },

  evolve(ledger, event): KudosLedger {
    switch (event.type) {
      case 'KudosGiven': {
        const { kudosId, to, kindId, budgetPeriod, givenAt } = event.data;
        return {
          spent: { ...ledger.spent, [budgetPeriod]: (ledger.spent[budgetPeriod] ?? 0) + 1 },
          given: { ...ledger.given, [kudosId]: { to, kindId, budgetPeriod, givenAt, revoked: false } },
        };
      }
      case 'KudosRevoked': {
        const { kudosId, budgetPeriod } = event.data;
        const kudos = ledger.given[kudosId];
        if (kudos === undefined) return ledger;
        return {
          spent: { ...ledger.spent, [budgetPeriod]: Math.max(0, (ledger.spent[budgetPeriod] ?? 0) - 1) },
          given: { ...ledger.given, [kudosId]: { ...kudos, revoked: true } },
        };
      }
      default:
        return ledger;
    }
  },
};
