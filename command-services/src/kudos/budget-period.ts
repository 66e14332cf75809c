import type { KudosBudgetPeriod } from '@engage/schemas';

/**
 * The budget period an instant falls in, in UTC: ISO weeks (`2026-W48`, Monday to Sunday) or
 * calendar months (`2026-11`). Budgets reset at each period's start and do not roll over.
 */
export function budgetPeriodOf(instant: number, period: KudosBudgetPeriod): string {
  const date = new Date(instant);
  if (period === 'MONTH')
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  // ISO week: the week with the year's first Thursday is week 1.
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
