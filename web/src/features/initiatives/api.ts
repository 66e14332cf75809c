import { z } from 'zod';
import { api } from '../../api/base';
import type { CommandAnswer, InitiativeDetail, InitiativeSummary, Page } from '../../api/types';

export const initiativeSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Give the initiative a name.')
      .max(100, 'Keep the name under 100 characters.'),
    description: z.string().trim().max(2000, 'Keep the description under 2,000 characters.'),
    visibility: z.enum(['public', 'invite-only']),
    startsAt: z.string(),
    endsAt: z.string(),
  })
  .refine((value) => !value.startsAt || !value.endsAt || value.startsAt <= value.endsAt, {
    message: 'The end date must come after the start date.',
    path: ['endsAt'],
  });
export type InitiativeForm = z.infer<typeof initiativeSchema>;

const byId = (id: string) => [{ type: 'Initiative' as const, id }, 'Initiatives' as const];

export const initiativesApi = api.injectEndpoints({
  endpoints: (build) => ({
    initiatives: build.query<
      Page<InitiativeSummary>,
      { q?: string; sort: 'newest' | 'members'; member?: string }
    >({
      query: (args) => ({
        url: '/initiatives',
        params: Object.fromEntries(
          Object.entries({ ...args, limit: 50 }).filter(([, value]) => value !== undefined && value !== ''),
        ),
      }),
      providesTags: ['Initiatives'],
    }),
    initiative: build.query<InitiativeDetail, string>({
      query: (id) => `/initiatives/${encodeURIComponent(id)}`,
      providesTags: (_result, _error, id) => [{ type: 'Initiative', id }],
    }),
    createInitiative: build.mutation<
      CommandAnswer,
      InitiativeForm & { idempotencyKey: string; cover?: string | undefined }
    >({
      query: ({ idempotencyKey, startsAt, endsAt, cover, ...body }) => ({
        url: '/initiatives',
        method: 'POST',
        body: {
          ...body,
          ...(startsAt ? { startsAt } : {}),
          ...(endsAt ? { endsAt } : {}),
          ...(cover ? { cover } : {}),
        },
        idempotencyKey,
      }),
      invalidatesTags: ['Initiatives'],
    }),
    changeCover: build.mutation<CommandAnswer, { id: string; cover: string | null; idempotencyKey: string }>({
      query: ({ id, cover, idempotencyKey }) => ({
        url: `/initiatives/${encodeURIComponent(id)}`,
        method: 'PATCH',
        body: { cover },
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { id }) => byId(id),
    }),
    join: build.mutation<CommandAnswer & { membership?: string }, { id: string; idempotencyKey: string }>({
      query: ({ id, idempotencyKey }) => ({
        url: `/initiatives/${encodeURIComponent(id)}/members`,
        method: 'POST',
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { id }) => byId(id),
    }),
    removeMember: build.mutation<CommandAnswer, { id: string; userId: string; idempotencyKey: string }>({
      query: ({ id, userId, idempotencyKey }) => ({
        url: `/initiatives/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`,
        method: 'DELETE',
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { id }) => byId(id),
    }),
    answerRequest: build.mutation<
      CommandAnswer,
      { id: string; userId: string; approve: boolean; idempotencyKey: string }
    >({
      query: ({ id, userId, approve, idempotencyKey }) => ({
        url: `/initiatives/${encodeURIComponent(id)}/requests/${encodeURIComponent(userId)}/${approve ? 'approve' : 'decline'}`,
        method: 'POST',
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { id }) => byId(id),
    }),
    transfer: build.mutation<CommandAnswer, { id: string; userId: string; idempotencyKey: string }>({
      query: ({ id, userId, idempotencyKey }) => ({
        url: `/initiatives/${encodeURIComponent(id)}/transfer`,
        method: 'POST',
        body: { userId },
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { id }) => byId(id),
    }),
    archive: build.mutation<CommandAnswer, { id: string; idempotencyKey: string }>({
      query: ({ id, idempotencyKey }) => ({
        url: `/initiatives/${encodeURIComponent(id)}/archive`,
        method: 'POST',
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { id }) => byId(id),
    }),
  }),
});

export const {
  useInitiativesQuery,
  useInitiativeQuery,
  useCreateInitiativeMutation,
  useChangeCoverMutation,
  useJoinMutation,
  useRemoveMemberMutation,
  useAnswerRequestMutation,
  useTransferMutation,
  useArchiveMutation,
} = initiativesApi;
