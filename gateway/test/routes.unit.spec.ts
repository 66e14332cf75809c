import { describe, expect, it } from '@jest/globals';
import { matchRoute, type GatewayRoute } from '../src/routes.ts';

const route = (service: string, paths: string[], methods: string[] = []): GatewayRoute => ({
  service,
  upstream: `http://${service}`,
  paths,
  methods,
});

describe('matchRoute', () => {
  const routes = [
    route('query-api', ['/users'], ['GET']),
    route('command-services', ['/users'], ['POST', 'PATCH']),
    route('query-api', ['/users/me'], ['GET']),
    route('auth', ['/auth']),
  ];

  it('splits one path between services by method', () => {
    expect(matchRoute(routes, 'GET', '/users/42')?.service).toBe('query-api');
    expect(matchRoute(routes, 'POST', '/users')?.service).toBe('command-services');
  });

  it('prefers the longest matching prefix and ignores the query string', () => {
    const match = matchRoute(routes, 'GET', '/users/me?fields=all');
    expect(match?.paths).toEqual(['/users/me']);
  });

  it('matches whole path segments only', () => {
    expect(matchRoute(routes, 'GET', '/usersearch')).toBeUndefined();
  });

  it('accepts any method on a route that names none, and nothing for an unknown method', () => {
    expect(matchRoute(routes, 'DELETE', '/auth/revoke')?.service).toBe('auth');
    expect(matchRoute(routes, 'DELETE', '/users/42')).toBeUndefined();
  });

  it('matches Kong regex paths (anchored at the start) before prefixes', () => {
    const table = [
      route('command-services', ['~/users/[^/]+/roles$'], ['POST']),
      route('query-api', ['~/users/[^/]+$', '~/users$'], ['GET']),
    ];
    expect(matchRoute(table, 'POST', '/users/42/roles')?.service).toBe('command-services');
    expect(matchRoute(table, 'GET', '/users/42?x=1')?.service).toBe('query-api');
    expect(matchRoute(table, 'GET', '/users/42/roles')).toBeUndefined();
    expect(matchRoute(table, 'GET', '/x/users/42')).toBeUndefined();
  });
});
