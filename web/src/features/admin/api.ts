import { api } from '../../api/base';
import type { QueryAnswer } from '../../api/contract';
import type { paths } from '../../api/generated/query';

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

/** States in which a rebuild is still moving (its progress is polled while it is in one). */
export const unfinished: ReadonlySet<RebuildProgress['state']> = new Set(['requested', 'running']);

const adminApi = api
  .enhanceEndpoints({ addTagTypes: ['Projections', 'Rebuild', 'DeadLetters'] })
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
} = adminApi;
