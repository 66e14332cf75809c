import Fastify, { type FastifyInstance } from 'fastify';

/** One route of a service's table, as Fastify registered it. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  /** The permission it needs, or null for a public route. */
  readonly permission: string | null;
}

/**
 * The routes a registration adds, collected on a bare Fastify instance that never listens: the
 * table the gateway configuration is generated from, and the negative tests walk.
 */
export async function routeTableOf(register: (app: FastifyInstance) => Promise<void>): Promise<RouteEntry[]> {
  const app = Fastify({ logger: false });
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { permission?: string };
    for (const method of [route.method].flat())
      routes.push({ method, url: route.url, permission: config.permission ?? null });
  });
  await register(app);
  await app.ready();
  await app.close();
  return routes;
}

/**
 * The OpenAPI document a registration describes, built on a bare Fastify instance that never
 * listens or connects (the registration must call `openApi` itself): what `npm run openapi` writes.
 */
export async function openApiDocumentOf(register: (app: FastifyInstance) => Promise<void>): Promise<unknown> {
  const app = Fastify({ logger: false });
  await register(app);
  await app.ready();
  const document: unknown = app.swagger();
  await app.close();
  return document;
}
