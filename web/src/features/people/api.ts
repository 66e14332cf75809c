import { api } from '../../api/base';
import type { CommandBody } from '../../api/contract';
import type { CatalogEntry, CommandAnswer, Kudos, Page, StatusChange } from '../../api/types';

/** What PATCH /users/{id} takes (openapi/commands.json). */
export type ProfileChange = Omit<CommandBody<'/users/{id}', 'patch'>, 'expectedVersion' | 'avatar'>;

export const peopleApi = api.injectEndpoints({
  endpoints: (build) => ({
    statusHistory: build.query<Page<StatusChange>, string>({
      query: (id) => ({ url: `/users/${encodeURIComponent(id)}/status-history`, params: { limit: 50 } }),
      providesTags: (_result, _error, id) => [{ type: 'Status', id }],
    }),
    statuses: build.query<Page<CatalogEntry>, void>({ query: () => '/statuses', providesTags: ['Catalog'] }),
    roles: build.query<Page<CatalogEntry>, void>({ query: () => '/roles', providesTags: ['Catalog'] }),
    userKudos: build.query<Page<Kudos>, { id: string; direction: 'received' | 'given' }>({
      query: ({ id, direction }) => ({
        url: `/users/${encodeURIComponent(id)}/kudos`,
        params: { direction },
      }),
      providesTags: (_result, _error, { id }) => [{ type: 'Kudos', id }],
    }),
    setStatus: build.mutation<
      CommandAnswer,
      { userId: string; status: string; reason: string; effectiveAt?: string; idempotencyKey: string }
    >({
      query: ({ userId, idempotencyKey, ...body }) => ({
        url: `/users/${encodeURIComponent(userId)}/status`,
        method: 'POST',
        body,
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { userId }) => [
        { type: 'Status', id: userId },
        { type: 'User', id: userId },
        'Me',
        'Users',
      ],
    }),
    genders: build.query<Page<CatalogEntry>, void>({ query: () => '/genders', providesTags: ['Catalog'] }),
    updateProfile: build.mutation<CommandAnswer, ProfileChange & { userId: string; idempotencyKey: string }>({
      query: ({ userId, idempotencyKey, ...body }) => ({
        url: `/users/${encodeURIComponent(userId)}`,
        method: 'PATCH',
        body,
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { userId }) => [{ type: 'User', id: userId }, 'Me', 'Users'],
    }),
  }),
});

export const {
  useStatusHistoryQuery,
  useStatusesQuery,
  useGendersQuery,
  useRolesQuery,
  useUserKudosQuery,
  useSetStatusMutation,
  useUpdateProfileMutation,
} = peopleApi;
