import { stringify } from 'yaml';

/** A route of a service's own table (Fastify's method and url, `:param` and `*` included). */
export interface TableRoute {
  readonly method: string;
  readonly url: string;
}

export interface BackendTable {
  /** The Kong service name, also the compose service name its url points at. */
  readonly name: string;
  readonly url: string;
  readonly routes: readonly TableRoute[];
}

export interface GatewayPolicy {
  /** Browser origins allowed by CORS. */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per client address, across every route. */
  readonly perMinute: number;
  /** Requests per minute per client address on the sign-in endpoint. */
  readonly signInPerMinute: number;
  /** Largest request body, in megabytes. */
  readonly bodyLimitMegabytes: number;
  /** Which service answers a method and path that several serve (for example `GET /health`). */
  readonly owners: Readonly<Record<string, string>>;
  /** The web app's server (the compose `web` service), when the gateway serves the app at `/`. */
  readonly web?: WebApp;
}

/** The built web app behind the gateway: its files, and index.html for its client routes. */
export interface WebApp {
  readonly url: string;
  /**
   * The app's client routes (prefixes) whose page loads go to the app even where the API serves
   * the same path to scripts (`/initiatives/{id}`): told apart by `Sec-Fetch-Mode: navigate`.
   */
  readonly pages: readonly string[];
}

/**
 * Kong's service for the web app: page loads of its client routes (a route with a header outranks
 * the API's routes in Kong), and `/` as the fallback for its files and every path no API route claims.
 */
function webService(web: WebApp): Record<string, unknown> {
  const methods = ['GET', 'HEAD'];
  return {
    name: 'web',
    url: web.url,
    routes: [
      {
        name: 'web-pages',
        paths: [...web.pages],
        methods: [...methods],
        headers: { 'sec-fetch-mode': ['navigate'] },
        strip_path: false,
      },
      { name: 'web-files', paths: ['/'], methods: [...methods], strip_path: false },
    ],
  };
}

/** `:id` → `[^/]+`, `*` → `.*`, everything else literal; Kong anchors regex paths at the start. */
export function pathRegex(url: string): string {
  const pattern = url
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return `~${pattern}$`;
}

const signInPath = '/auth/token';
const firstSegment = (url: string): string => url.split('/')[1] || 'root';

/**
 * The DB-less Kong configuration for these backends: one Kong service per backend, and per
 * backend one route for each first path segment and set of methods (so a path that commands and
 * queries share is split by method). Paths are exact (anchored regexes), so no two services ever
 * match one request; `/internal/` routes never reach the gateway.
 */
export function kongConfig(
  backends: readonly BackendTable[],
  policy: GatewayPolicy,
): Record<string, unknown> {
  const claimed = new Map<string, string>();
  for (const backend of backends)
    for (const route of backend.routes) {
      const key = `${route.method} ${route.url}`;
      const other = claimed.get(key);
      if (other !== undefined && other !== backend.name && policy.owners[key] === undefined)
        throw new Error(`${key} is served by ${other} and ${backend.name}; name its owner in the policy`);
      claimed.set(key, backend.name);
    }

  const services = backends.map((backend) => {
    // The methods each path is served with, by this backend.
    const methodsByUrl = new Map<string, Set<string>>();
    for (const route of backend.routes) {
      if (route.url.startsWith('/internal/')) continue;
      const owner = policy.owners[`${route.method} ${route.url}`];
      if (owner !== undefined && owner !== backend.name) continue;
      const methods = methodsByUrl.get(route.url) ?? new Set<string>();
      methods.add(route.method);
      methodsByUrl.set(route.url, methods);
    }
    const groups = new Map<string, { segment: string; methods: string[]; paths: string[] }>();
    for (const [url, methodSet] of [...methodsByUrl].sort(([a], [b]) => a.localeCompare(b))) {
      const methods = [...methodSet].sort();
      // The sign-in endpoint gets a route of its own, for its tighter rate limit.
      const segment = url === signInPath ? 'sign-in' : firstSegment(url);
      const key = `${segment} ${methods.join(',')}`;
      const group = groups.get(key) ?? { segment, methods, paths: [] };
      group.paths.push(pathRegex(url));
      groups.set(key, group);
    }
    const routes = [...groups.values()].map((group) => ({
      name: `${backend.name}-${group.segment}-${group.methods
        .filter((m) => m !== 'HEAD')
        .join('-')
        .toLowerCase()}`,
      paths: group.paths,
      methods: group.methods,
      strip_path: false,
      ...(group.segment === 'sign-in'
        ? {
            plugins: [{ name: 'rate-limiting', config: { minute: policy.signInPerMinute, policy: 'local' } }],
          }
        : {}),
    }));
    return { name: backend.name, url: backend.url, routes };
  });

  return {
    _format_version: '3.0',
    services: policy.web === undefined ? services : [...services, webService(policy.web)],
    plugins: [
      {
        name: 'correlation-id',
        config: { header_name: 'X-Correlation-Id', generator: 'uuid', echo_downstream: true },
      },
      {
        name: 'cors',
        config: {
          origins: [...policy.corsOrigins],
          methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
          headers: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id'],
          exposed_headers: ['X-Correlation-Id', 'ETag', 'Retry-After'],
          credentials: true,
          max_age: 3600,
        },
      },
      { name: 'rate-limiting', config: { minute: policy.perMinute, policy: 'local' } },
      {
        name: 'request-size-limiting',
        config: { allowed_payload_size: policy.bodyLimitMegabytes, size_unit: 'megabytes' },
      },
    ],
  };
}

/** kong/kong.yml's text: a header saying where it comes from, then the configuration. */
export function renderKong(config: Record<string, unknown>): string {
  return (
    "# Generated by `npm run kong` from the services' own route tables (scripts/kong.ts): do not edit.\n" +
    '# A test fails when this file and the route tables differ.\n' +
    stringify(config, { lineWidth: 0 })
  );
}
