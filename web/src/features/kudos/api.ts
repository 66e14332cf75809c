import { z } from 'zod';
import { api } from '../../api/base';
import type { CommandBody, QueryAnswer } from '../../api/contract';
import type { CommandAnswer } from '../../api/types';

export type KudosBudget = QueryAnswer<'/users/me/kudos-budget'>;
type GiveKudosBody = CommandBody<'/kudos', 'post'>;

/** The give-kudos form, checked before it is sent (the server checks again). */
export const giveKudosSchema = z.object({
  to: z.string().min(1, 'Pick who receives the kudos.'),
  kind: z.string().min(1, 'Pick a kind of kudos.'),
  reason: z
    .string()
    .trim()
    .min(1, 'Say what they did: a reason is required.')
    .max(500, 'Keep the reason under 500 characters.'),
});
export type GiveKudosForm = z.infer<typeof giveKudosSchema>;

export const kudosApi = api.injectEndpoints({
  endpoints: (build) => ({
    kudosBudget: build.query<KudosBudget, void>({
      query: () => '/users/me/kudos-budget',
      providesTags: ['Budget'],
    }),
    giveKudos: build.mutation<CommandAnswer, GiveKudosBody & { idempotencyKey: string }>({
      query: ({ idempotencyKey, ...body }) => ({ url: '/kudos', method: 'POST', body, idempotencyKey }),
      invalidatesTags: (_result, error, { to }) =>
        error
          ? []
          : ['Budget', 'Feed', 'Leaderboard', { type: 'User', id: to }, { type: 'Kudos', id: to }, 'Me'],
    }),
  }),
});

export const { useKudosBudgetQuery, useGiveKudosMutation } = kudosApi;
