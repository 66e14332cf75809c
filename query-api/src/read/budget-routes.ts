import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { isoWeekOf, monthOf } from '@engage/schemas';
import type { ReadSide } from './read-models.ts';
import { readErrors } from './schemas.ts';

/** What command-services applies while admins have set no budget (its `defaultKudosBudget`). */
const defaultBudget = { perPeriod: 10, period: 'WEEK' } as const;

const budgetAnswer = Type.Object(
  {
    perPeriod: Type.Integer({ description: 'kudos one person may give per period' }),
    period: Type.Union([Type.Literal('WEEK'), Type.Literal('MONTH')]),
    periodKey: Type.String({ description: 'the current period, e.g. 2026-W49 or 2026-12' }),
    given: Type.Integer({ description: 'kudos given this period and not revoked' }),
    left: Type.Integer({ description: 'kudos the caller may still give this period' }),
  },
  { additionalProperties: false },
);
export type KudosBudgetAnswer = Static<typeof budgetAnswer>;

const budgetQuery = Type.Object(
  { consistentWith: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

/** A giver's kudos budget: how many kudos are left this period (revoked ones are refunded). */
export async function budgetRoutes(app: FastifyInstance, options: { readSide: ReadSide }): Promise<void> {
  const { readSide } = options;
  app.get<{ Querystring: Static<typeof budgetQuery>; Reply: KudosBudgetAnswer }>(
    '/users/me/kudos-budget',
    {
      config: { permission: 'kudos:read' },
      schema: {
        summary: 'The kudos budget of the caller: per period, given and left this period',
        querystring: budgetQuery,
        response: { 200: budgetAnswer, ...readErrors },
      },
    },
    async (request) => {
      await readSide.consistentWith('kudos', ['kudos'], request.query.consistentWith);
      await readSide.consistentWith('kudos-budget', ['catalogs'], request.query.consistentWith);
      const set = await (await readSide.collection('kudos-budget')).findOne({});
      const budget = set
        ? { perPeriod: set['perPeriod'] as number, period: set['period'] as 'WEEK' | 'MONTH' }
        : defaultBudget;
      const periodOf = (instant: number) =>
        budget.period === 'MONTH' ? monthOf(instant) : isoWeekOf(instant);
      const now = Date.now();
      const periodKey = periodOf(now);
      // A period is at most 31 days: older kudos cannot count against this one.
      const recent = await (
        await readSide.collection('kudos')
      )
        .find({ from: request.principal?.sub ?? '', givenAt: { $gte: now - 32 * 86_400_000 } })
        .project({ givenAt: 1, revoked: 1 })
        .toArray();
      const given = recent.filter(
        (doc) => doc['revoked'] !== true && periodOf(doc['givenAt'] as number) === periodKey,
      ).length;
      return { ...budget, periodKey, given, left: Math.max(0, budget.perPeriod - given) };
    },
  );
}
