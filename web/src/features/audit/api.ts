import { api } from '../../api/base';
import type { QueryAnswer } from '../../api/contract';
import type { paths } from '../../api/generated/query';

export type EventsPage = QueryAnswer<'/audit/events'>;
export type AuditEvent = EventsPage['items'][number];
export type UserAsOf = QueryAnswer<'/audit/users/{id}'>;
export type VerifyReport = QueryAnswer<'/audit/verify'>;

/** The history's filters, as the auditor typed them (empty means any). */
export type HistoryFilter = Omit<NonNullable<paths['/audit/events']['get']['parameters']['query']>, 'limit'>;
export type VerifyTarget = NonNullable<paths['/audit/verify']['get']['parameters']['query']>;

/** Drops the filters left empty, so the URL carries only what narrows the history. */
export const definedOnly = (filter: Readonly<Record<string, string | number | undefined>>) =>
  Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''));

export const auditApi = api.injectEndpoints({
  endpoints: (build) => ({
    auditEvents: build.query<EventsPage, HistoryFilter>({
      query: (filter) => ({ url: '/audit/events', params: { ...definedOnly(filter), limit: 20 } }),
    }),
    userAsOf: build.query<UserAsOf, { id: string; asOf?: string; knownAt?: string }>({
      query: ({ id, ...instants }) => ({
        url: `/audit/users/${encodeURIComponent(id)}`,
        params: definedOnly(instants),
      }),
    }),
    verifyChain: build.query<VerifyReport, VerifyTarget>({
      query: (target) => ({ url: '/audit/verify', params: definedOnly(target) }),
      // A verification re-reads the log: every ask is a new check, never a cached answer.
      keepUnusedDataFor: 0,
    }),
  }),
});

export const { useAuditEventsQuery, useLazyUserAsOfQuery, useLazyVerifyChainQuery } = auditApi;
