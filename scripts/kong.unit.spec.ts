// kong/kong.yml is generated from the services' route tables; the local gateway serves it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { commandRouteTable } from '@engage/command-services';
import { gatewayFromKong, matchRoute } from '@engage/gateway';
import { queryRouteTable } from '@engage/query-api';
import { parse } from 'yaml';
import { generatedKong, kongFile } from './kong.ts';

describe('kong/kong.yml', () => {
  it('is what the route tables generate (run `npm run kong` after changing a route)', async () => {
    expect(readFileSync(kongFile, 'utf8')).toBe(await generatedKong());
  });

  it('sends every route of each service, and nothing else, to that service', async () => {
    const table = gatewayFromKong(kongFile, {});
    const concrete = (url: string) => url.replaceAll(/:[^/]+/g, 'x1').replace('*', 'a/b');
    const owners = [
      ['command-services', await commandRouteTable()],
      ['query-api', await queryRouteTable()],
    ] as const;
    for (const [service, routes] of owners)
      for (const route of routes) {
        if (route.url.startsWith('/internal/') || route.url === '/health') continue;
        expect(
          `${route.method} ${route.url} → ${matchRoute(table.routes, route.method, concrete(route.url))?.service}`,
        ).toBe(`${route.method} ${route.url} → ${service}`);
      }
    expect(matchRoute(table.routes, 'GET', '/health')?.service).toBe('query-api');
    expect(matchRoute(table.routes, 'POST', '/internal/commands/users')).toBeUndefined();
    expect(matchRoute(table.routes, 'DELETE', '/users/x1')).toBeUndefined();
  });

  it("gives Kong the web app at / and its sections' page loads; the local gateway serves web/dist itself", () => {
    const kong = parse(readFileSync(kongFile, 'utf8')) as {
      services: Array<{ name: string; routes: Array<{ name: string; paths: string[]; headers?: object }> }>;
    };
    const web = kong.services.find((service) => service.name === 'web');
    expect(web?.routes.find((route) => route.name === 'web-files')?.paths).toEqual(['/']);
    const pages = web?.routes.find((route) => route.name === 'web-pages');
    // A page load of /initiatives/{id} is the app's; the same path fetched by a script is the API's.
    expect(pages?.paths).toContain('/initiatives');
    expect(pages?.headers).toEqual({ 'sec-fetch-mode': ['navigate'] });
    expect(gatewayFromKong(kongFile, {}).routes.filter((route) => route.service === 'web')).toEqual([]);
  });

  it('carries the gateway plugins the local gateway applies too', () => {
    const table = gatewayFromKong(kongFile, {});
    expect(table.cors?.origins).toContain('http://localhost:8000');
    expect(table.perMinute).toBeGreaterThan(0);
    expect(table.bodyLimitBytes).toBe(12 * 1024 * 1024);
    expect(matchRoute(table.routes, 'POST', '/auth/token')?.perMinute).toBe(60);
  });
});
