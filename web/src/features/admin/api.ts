import { api } from '../../api/base';
import type { CommandBody, QueryAnswer } from '../../api/contract';
import type { paths as CommandPaths } from '../../api/generated/commands';
import type { paths } from '../../api/generated/query';
import type { CatalogEntry, CommandAnswer, Page, Profile } from '../../api/types';

export type ProjectionStatus = QueryAnswer<'/admin/projections'>['items'][number];
export type RebuildProgress = QueryAnswer<'/admin/projections/{name}/rebuild'>;
export type DeadLetterPage = QueryAnswer<'/admin/dead-letters'>;
export type DeadLetter = DeadLetterPage['items'][number];
type DeadLetterFilter = Omit<
  NonNullable<paths['/admin/dead-letters']['get']['parameters']['query']>,
  'limit'
>;
type SwitchAnswer =
  paths['/admin/projections/{name}/switch']['post']['responses'][200]['content']['application/json'];
type RetryAnswer =
  paths['/admin/dead-letters/{id}/retry']['post']['responses'][200]['content']['application/json'];

/** The catalogs an admin keeps entries of by name (roles have their own shape). */
export type NamedCatalog = 'kudos-kinds' | 'statuses' | 'genders';
export type KudosBudget = QueryAnswer<'/users/me/kudos-budget'>;
export type BudgetRule = CommandBody<'/kudos-budget', 'put'>;
export type RoleChange = CommandBody<'/roles/{id}', 'patch'>;
export type NewRole = CommandBody<'/roles', 'post'>;
export type Broadcast = CommandBody<'/notifications/broadcast', 'post'>;
export type NewServiceAccount = CommandBody<'/auth/clients', 'post'>;
export type ServiceAccount =
  CommandPaths['/auth/clients']['get']['responses'][200]['content']['application/json']['items'][number];
export type CreatedServiceAccount =
  CommandPaths['/auth/clients']['post']['responses'][201]['content']['application/json'];
/** A catalog entry as the console lists it: `pending` while the admin's own write is on its way. */
export type ListedEntry = CatalogEntry & { readonly pending?: boolean };
interface Intent {
  readonly idempotencyKey: string;
}
interface EntryFields {
  readonly name: string;
  readonly description: string;
}

/** States in which a rebuild is still moving (its progress is polled while it is in one). */
export const unfinished: ReadonlySet<RebuildProgress['state']> = new Set(['requested', 'running']);

const adminApi = api
  .enhanceEndpoints({ addTagTypes: ['Projections', 'Rebuild', 'DeadLetters', 'ServiceAccounts'] })
  .injectEndpoints({
    endpoints: (build) => ({
      projections: build.query<ProjectionStatus[], void>({
        query: () => '/admin/projections',
        transformResponse: (answer: QueryAnswer<'/admin/projections'>) => answer.items,
        providesTags: ['Projections'],
      }),
      rebuild: build.query<RebuildProgress, string>({
        query: (name) => `/admin/projections/${encodeURIComponent(name)}/rebuild`,
        providesTags: (_result, _error, name) => [{ type: 'Rebuild', id: name }],
      }),
      startRebuild: build.mutation<RebuildProgress, { name: string; autoSwitch: boolean }>({
        query: ({ name, autoSwitch }) => ({
          url: `/admin/projections/${encodeURIComponent(name)}/rebuild`,
          method: 'POST',
          body: { autoSwitch },
        }),
        invalidatesTags: (_result, _error, { name }) => ['Projections', { type: 'Rebuild', id: name }],
      }),
      cancelRebuild: build.mutation<RebuildProgress, string>({
        query: (name) => ({
          url: `/admin/projections/${encodeURIComponent(name)}/rebuild/cancel`,
          method: 'POST',
        }),
        invalidatesTags: (_result, _error, name) => ['Projections', { type: 'Rebuild', id: name }],
      }),
      switchProjection: build.mutation<SwitchAnswer, string>({
        query: (name) => ({ url: `/admin/projections/${encodeURIComponent(name)}/switch`, method: 'POST' }),
        invalidatesTags: (_result, _error, name) => ['Projections', { type: 'Rebuild', id: name }],
      }),
      deadLetters: build.query<DeadLetterPage, DeadLetterFilter>({
        query: (filter) => ({
          url: '/admin/dead-letters',
          params: Object.fromEntries(Object.entries({ ...filter, limit: 20 }).filter(([, value]) => value)),
        }),
        providesTags: ['DeadLetters'],
      }),
      retryDeadLetter: build.mutation<RetryAnswer, string>({
        query: (id) => ({ url: `/admin/dead-letters/${encodeURIComponent(id)}/retry`, method: 'POST' }),
        invalidatesTags: ['DeadLetters', 'Projections'],
      }),
      skipDeadLetter: build.mutation<{ item: DeadLetter }, { id: string; reason: string }>({
        query: ({ id, reason }) => ({
          url: `/admin/dead-letters/${encodeURIComponent(id)}/skip`,
          method: 'POST',
          body: { reason },
        }),
        invalidatesTags: ['DeadLetters', 'Projections'],
      }),
      catalog: build.query<Page<ListedEntry>, NamedCatalog | 'roles'>({
        query: (catalog) => ({ url: `/${catalog}`, params: { limit: 100 } }),
        providesTags: ['Catalog'],
      }),
      createEntry: build.mutation<CommandAnswer, EntryFields & Intent & { catalog: NamedCatalog }>({
        query: ({ catalog, idempotencyKey, name, description }) => ({
          url: `/${catalog}`,
          method: 'POST',
          // Genders are a name only.
          body: catalog === 'genders' ? { name } : { name, description },
          idempotencyKey,
        }),
        // Listed at once as pending; the refetch after it (consistentWith the answer) confirms it.
        async onQueryStarted({ catalog, name, description }, { dispatch, queryFulfilled }) {
          const pending = dispatch(
            adminApi.util.updateQueryData('catalog', catalog, (page) => {
              page.items.push({ id: `pending-${name}`, name, description, active: true, pending: true });
            }),
          );
          await queryFulfilled.catch(() => pending.undo());
        },
        invalidatesTags: (_result, error) => (error ? [] : ['Catalog']),
      }),
      changeEntry: build.mutation<
        CommandAnswer,
        EntryFields & Intent & { catalog: NamedCatalog; id: string; active: boolean }
      >({
        query: ({ catalog, id, idempotencyKey, name, description, active }) => ({
          url: `/${catalog}/${encodeURIComponent(id)}`,
          method: 'PATCH',
          body: catalog === 'genders' ? { name, active } : { name, description, active },
          idempotencyKey,
        }),
        async onQueryStarted({ catalog, id, name, description, active }, { dispatch, queryFulfilled }) {
          const pending = dispatch(
            adminApi.util.updateQueryData('catalog', catalog, (page) => {
              const entry = page.items.find((item) => item.id === id);
              if (entry) Object.assign(entry, { name, description, active, pending: true });
            }),
          );
          await queryFulfilled.catch(() => pending.undo());
        },
        invalidatesTags: (_result, error) => (error ? [] : ['Catalog']),
      }),
      createRole: build.mutation<CommandAnswer, NewRole & Intent>({
        query: ({ idempotencyKey, ...body }) => ({ url: '/roles', method: 'POST', body, idempotencyKey }),
        async onQueryStarted({ name, description = '', permissions }, { dispatch, queryFulfilled }) {
          const pending = dispatch(
            adminApi.util.updateQueryData('catalog', 'roles', (page) => {
              page.items.push({ id: name, name, description, permissions, active: true, pending: true });
            }),
          );
          await queryFulfilled.catch(() => pending.undo());
        },
        invalidatesTags: (_result, error) => (error ? [] : ['Catalog']),
      }),
      changeRole: build.mutation<CommandAnswer, RoleChange & Intent & { id: string }>({
        query: ({ id, idempotencyKey, ...body }) => ({
          url: `/roles/${encodeURIComponent(id)}`,
          method: 'PATCH',
          body,
          idempotencyKey,
        }),
        async onQueryStarted({ id, description, permissions }, { dispatch, queryFulfilled }) {
          const pending = dispatch(
            adminApi.util.updateQueryData('catalog', 'roles', (page) => {
              const role = page.items.find((item) => item.id === id);
              if (role) Object.assign(role, { description, permissions, pending: true });
            }),
          );
          await queryFulfilled.catch(() => pending.undo());
        },
        invalidatesTags: (_result, error) => (error ? [] : ['Catalog']),
      }),
      budget: build.query<KudosBudget, void>({
        query: () => '/users/me/kudos-budget',
        providesTags: ['Budget'],
      }),
      changeBudget: build.mutation<CommandAnswer, BudgetRule & Intent>({
        query: ({ idempotencyKey, ...body }) => ({
          url: '/kudos-budget',
          method: 'PUT',
          body,
          idempotencyKey,
        }),
        invalidatesTags: (_result, error) => (error ? [] : ['Budget']),
      }),
      accounts: build.query<Page<Profile>, string>({
        query: (q) => ({ url: '/users', params: { limit: 50, ...(q ? { q } : {}) } }),
        providesTags: ['Users'],
      }),
      assignRole: build.mutation<CommandAnswer, { userId: string; role: string }>({
        query: ({ userId, role }) => ({
          url: `/users/${encodeURIComponent(userId)}/roles`,
          method: 'POST',
          body: { role },
        }),
        invalidatesTags: (_result, error, { userId }) =>
          error ? [] : ['Users', { type: 'User', id: userId }],
      }),
      revokeRole: build.mutation<CommandAnswer, { userId: string; role: string }>({
        query: ({ userId, role }) => ({
          url: `/users/${encodeURIComponent(userId)}/roles/${encodeURIComponent(role)}`,
          method: 'DELETE',
        }),
        invalidatesTags: (_result, error, { userId }) =>
          error ? [] : ['Users', { type: 'User', id: userId }],
      }),
      deactivateUser: build.mutation<CommandAnswer, { userId: string; reason: string } & Intent>({
        query: ({ userId, reason, idempotencyKey }) => ({
          url: `/users/${encodeURIComponent(userId)}/deactivate`,
          method: 'POST',
          body: reason ? { reason } : {},
          idempotencyKey,
        }),
        invalidatesTags: (_result, error, { userId }) =>
          error ? [] : ['Users', { type: 'User', id: userId }],
      }),
      serviceAccounts: build.query<ServiceAccount[], void>({
        query: () => '/auth/clients',
        transformResponse: (answer: Page<ServiceAccount>) => answer.items,
        providesTags: ['ServiceAccounts'],
      }),
      createServiceAccount: build.mutation<CreatedServiceAccount, NewServiceAccount & Intent>({
        query: ({ idempotencyKey, ...body }) => ({
          url: '/auth/clients',
          method: 'POST',
          body,
          idempotencyKey,
        }),
        invalidatesTags: (_result, error) => (error ? [] : ['ServiceAccounts']),
      }),
      deleteServiceAccount: build.mutation<null, string>({
        query: (clientId) => ({ url: `/auth/clients/${encodeURIComponent(clientId)}`, method: 'DELETE' }),
        invalidatesTags: ['ServiceAccounts'],
      }),
      broadcast: build.mutation<CommandAnswer, Broadcast & Intent>({
        query: ({ idempotencyKey, ...body }) => ({
          url: '/notifications/broadcast',
          method: 'POST',
          body,
          idempotencyKey,
        }),
        invalidatesTags: (_result, error) => (error ? [] : ['Notifications']),
      }),
    }),
  });

export const {
  useProjectionsQuery,
  useRebuildQuery,
  useStartRebuildMutation,
  useCancelRebuildMutation,
  useSwitchProjectionMutation,
  useDeadLettersQuery,
  useRetryDeadLetterMutation,
  useSkipDeadLetterMutation,
  useCatalogQuery,
  useCreateEntryMutation,
  useChangeEntryMutation,
  useCreateRoleMutation,
  useChangeRoleMutation,
  useBudgetQuery,
  useChangeBudgetMutation,
  useAccountsQuery,
  useAssignRoleMutation,
  useRevokeRoleMutation,
  useDeactivateUserMutation,
  useServiceAccountsQuery,
  useCreateServiceAccountMutation,
  useDeleteServiceAccountMutation,
  useBroadcastMutation,
} = adminApi;
