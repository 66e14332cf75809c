import { isoWeekOf, monthOf, type KudosBudgetPeriod } from '@engage/schemas';

/** The budget period an instant falls in; budgets reset at each period's start and do not roll over. */
export function budgetPeriodOf(instant: number, period: KudosBudgetPeriod): string {
  return period === 'MONTH' ? monthOf(instant) : isoWeekOf(instant);
}
