import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One route of the gateway table: a Kong route, resolved to the upstream it forwards to. */
export interface GatewayRoute {
  readonly name?: string;
  readonly service: string;
  readonly upstream: string;
  /** Prefixes, or Kong regexes starting with `~` (anchored at the start). */
  readonly paths: readonly string[];
  /** Empty: any method. */
  readonly methods: readonly string[];
  /** This route's own rate limit per client address, from its rate-limiting plugin. */
  readonly perMinute?: number;
}

export interface CorsPolicy {
  readonly origins: readonly string[];
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  readonly exposedHeaders: readonly string[];
  readonly credentials: boolean;
  readonly maxAge: number;
}

/** What the local gateway serves, read from a DB-less Kong file. */
export interface GatewayTable {
  readonly routes: GatewayRoute[];
  readonly cors?: CorsPolicy;
  /** Requests per minute per client address, across every route. */
  readonly perMinute?: number;
  readonly bodyLimitBytes?: number;
}

interface KongPlugin {
  name: string;
  config?: Record<string, unknown>;
}
interface KongRoute {
  name?: string;
  paths?: string[];
  methods?: string[];
  plugins?: KongPlugin[];
}
interface KongService {
  name: string;
  url: string;
  routes?: KongRoute[];
}
interface KongConfig {
  services?: KongService[];
  plugins?: KongPlugin[];
}

const pluginConfig = (plugins: KongPlugin[] | undefined, name: string) =>
  plugins?.find((plugin) => plugin.name === name)?.config;

const megabyte = 1024 * 1024;

/**
 * Reads the routes and gateway-wide plugins of a DB-less Kong file. Upstream hosts in it are
 * compose service names, so each can be replaced by `UPSTREAM_<SERVICE_NAME>` (for example
 * UPSTREAM_QUERY_API).
 */
export function gatewayFromKong(file: string, env: NodeJS.ProcessEnv = process.env): GatewayTable {
  const config = parse(readFileSync(file, 'utf8')) as KongConfig;
  // The local gateway serves web/dist itself (app.ts), in place of Kong's `web` service.
  const routes = (config.services ?? [])
    .filter((service) => service.name !== 'web')
    .flatMap((service) => {
      const override = env[`UPSTREAM_${service.name.toUpperCase().replaceAll('-', '_')}`];
      return (service.routes ?? []).map((route) => {
        const limit = pluginConfig(route.plugins, 'rate-limiting')?.['minute'];
        return {
          ...(route.name === undefined ? {} : { name: route.name }),
          service: service.name,
          upstream: override ?? service.url,
          paths: route.paths ?? ['/'],
          methods: (route.methods ?? []).map((method) => method.toUpperCase()),
          ...(typeof limit === 'number' ? { perMinute: limit } : {}),
        };
      });
    });
  const cors = pluginConfig(config.plugins, 'cors');
  const perMinute = pluginConfig(config.plugins, 'rate-limiting')?.['minute'];
  const size = pluginConfig(config.plugins, 'request-size-limiting');
  const sizeUnit = size?.['size_unit'] ?? 'megabytes';
  const allowed = Number(size?.['allowed_payload_size'] ?? 128);
  return {
    routes,
    ...(cors === undefined
      ? {}
      : {
          cors: {
            origins: (cors['origins'] as string[] | undefined) ?? ['*'],
            methods: (cors['methods'] as string[] | undefined) ?? [],
            headers: (cors['headers'] as string[] | undefined) ?? [],
            exposedHeaders: (cors['exposed_headers'] as string[] | undefined) ?? [],
            credentials: cors['credentials'] === true,
            maxAge: Number(cors['max_age'] ?? 0),
          },
        }),
    ...(typeof perMinute === 'number' ? { perMinute } : {}),
    ...(size === undefined
      ? {}
      : {
          bodyLimitBytes:
            sizeUnit === 'kilobytes' ? allowed * 1024 : sizeUnit === 'bytes' ? allowed : allowed * megabyte,
        }),
  };
}

/** The routes alone (the older call). */
export const routesFromKong = (file: string, env: NodeJS.ProcessEnv = process.env): GatewayRoute[] =>
  gatewayFromKong(file, env).routes;

const regexCache = new Map<string, RegExp>();
const regexOf = (path: string): RegExp => {
  let regex = regexCache.get(path);
  if (regex === undefined) {
    regex = new RegExp(`^${path.slice(1)}`);
    regexCache.set(path, regex);
  }
  return regex;
};

/**
 * Kong's rule: a regex path (`~...`, anchored at the start) matches before any prefix; among
 * prefixes the longest wins; a route with methods must list this one.
 */
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
      if (prefix.startsWith('~')) {
        if (regexOf(prefix).test(path)) return route;
        continue;
      }
      const matches =
        path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || prefix === '/';
      if (matches && (best === undefined || prefix.length > best.length))
        best = { route, length: prefix.length };
    }
  }
  return best?.route;
}
