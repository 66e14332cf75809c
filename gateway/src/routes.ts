import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One route of the gateway table: a Kong route, resolved to the upstream it forwards to. */
export interface GatewayRoute {
  readonly service: string;
  readonly upstream: string;
  readonly paths: readonly string[];
  /** Empty: any method. */
  readonly methods: readonly string[];
}

interface KongRoute {
  name?: string;
  paths?: string[];
  methods?: string[];
}
interface KongService {
  name: string;
  url: string;
  routes?: KongRoute[];
}
interface KongConfig {
  services?: KongService[];
}

/**
 * Reads the routes of a DB-less Kong file. Upstream hosts in it are compose service names, so
 * each can be replaced by `UPSTREAM_<SERVICE_NAME>` (for example UPSTREAM_QUERY_API).
 */
export function routesFromKong(file: string, env: NodeJS.ProcessEnv = process.env): GatewayRoute[] {
  const config = parse(readFileSync(file, 'utf8')) as KongConfig;
  return (config.services ?? []).flatMap((service) => {
    const override = env[`UPSTREAM_${service.name.toUpperCase().replaceAll('-', '_')}`];
    return (service.routes ?? []).map((route) => ({
      service: service.name,
      upstream: override ?? service.url,
      paths: route.paths ?? ['/'],
      methods: (route.methods ?? []).map((method) => method.toUpperCase()),
    }));
  });
}

/** Kong's rule: the longest matching path prefix wins; a route with methods must list this one. */
export function matchRoute(
  routes: readonly GatewayRoute[],
  method: string,
  url: string,
): GatewayRoute | undefined {
  const path = url.split('?', 1)[0] ?? '/';
  let best: { route: GatewayRoute; length: number } | undefined;
  for (const route of routes) {
    if (route.methods.length > 0 && !route.methods.includes(method)) continue;
    for (const prefix of route.paths) {
      const matches =
        path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || prefix === '/';
      if (matches && (best === undefined || prefix.length > best.length))
        best = { route, length: prefix.length };
    }
  }
  return best?.route;
}
