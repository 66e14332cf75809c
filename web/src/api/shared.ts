import { api } from './base';
import type { CatalogEntry, Page, Profile } from './types';

export interface PeopleFilter {
  readonly q?: string;
  readonly role?: string;
  readonly status?: string;
  readonly limit?: number;
}

/** Reads more than one feature needs: who I am, a person, the people picker, the kudos kinds. */
export const sharedApi = api.injectEndpoints({
  endpoints: (build) => ({
    me: build.query<Profile, void>({ query: () => '/users/me', providesTags: ['Me'] }),
    user: build.query<Profile, string>({
      query: (id) => `/users/${encodeURIComponent(id)}`,
      providesTags: (_result, _error, id) => [{ type: 'User', id }],
    }),
    people: build.query<Page<Profile>, PeopleFilter>({
      query: (filter) => ({
        url: '/users',
        params: Object.fromEntries(
          Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''),
        ),
      }),
      providesTags: ['Users'],
    }),
    kudosKinds: build.query<Page<CatalogEntry>, void>({
      query: () => '/kudos-kinds',
      providesTags: ['Catalog'],
    }),
  }),
});

export const { useMeQuery, useUserQuery, usePeopleQuery, useKudosKindsQuery } = sharedApi;
