import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/** Every error either service answers: `{ statusCode, code, message, field? }`. */
export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'what went wrong, for programs: NOT_FOUND, INVALID_REQUEST, ...' }),
    message: Type.String({ description: 'what went wrong, for people' }),
    field: Type.Optional(Type.String({ description: 'the input at fault, when one is' })),
  },
  { additionalProperties: false },
);

const meanings: Readonly<Record<number, string>> = {
  400: 'the request is malformed (field names the input at fault)',
  401: 'no access token, or one that was refused',
  403: 'the token lacks the permission, or the object is not yours',
  404: 'no such thing (or not visible to you)',
  409: 'a conflict: the version moved on, or the value is taken',
  410: 'gone',
  413: 'the body is too large',
  415: 'the body is not of a media type this route reads (JSON)',
  421: 'another instance owns this aggregate',
  422: 'the request is well-formed but refused by a business rule',
  429: 'too many attempts: wait and retry',
  500: 'an unexpected error',
  503: 'not ready, or a dependency does not answer',
  504: 'the read model did not catch up in time',
};

/** The shared error shape for each status listed, with what each status means here. */
export function errorResponses<const Status extends number>(
  ...statuses: Status[]
): { [S in Status]: typeof ErrorResponse } {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      Type.Object(ErrorResponse.properties, {
        additionalProperties: false,
        description: meanings[status] ?? 'an error',
      }),
    ]),
  ) as { [S in Status]: typeof ErrorResponse };
}

/**
 * What Fastify answers on any route that reads a body, before a handler runs: 413 for a body past
 * its limit, 415 for a content type it has no parser for.
 */
export const bodyErrors = errorResponses(413, 415);

/**
 * Fastify's refusals before it picks a route, in the shared error shape (its own has an `error`
 * field and no `code` every client reads): a path that is not valid percent-encoded UTF-8, or a path
 * parameter past `maxParamLength`, is a 400, which every route with path parameters declares. Pass
 * as the `frameworkErrors` option of every service.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path parameter is too long'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the path is not valid percent-encoded UTF-8'
        : undefined;
  if (message === undefined) {
    void reply.code(500).send({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' });
    return;
  }
  void reply.code(400).send({ statusCode: 400, code: 'INVALID_URL', message });
}

/** How deep a JSON body may nest: ours nest three levels; a thousand would overflow recursive readers. */
export const maxJsonDepth = 64;

/**
 * How deep `text` (JSON) nests, scanning once: brackets inside strings do not count. Stops counting
 * once past `limit`.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index += 1; // a backslash: the next character is escaped
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return deepest;
}

/**
 * JSON bodies are parsed by Fastify's own parser once their nesting is known to be at most
 * `maxJsonDepth`; a deeper one is refused with 400 BODY_TOO_DEEP before anything reads it (the
 * idempotency fingerprint, schema validation and logging all walk a body recursively).
 */
export function limitJsonNesting(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (jsonDepth(text, maxJsonDepth) > maxJsonDepth) {
      done(
        Object.assign(new Error(`the body nests deeper than ${maxJsonDepth} levels`), {
          statusCode: 400,
          code: 'BODY_TOO_DEEP',
        }),
        undefined,
      );
      return;
    }
    void parse(request, text, done);
  });
}

/** A path no route serves answers 404 in the shared error shape, naming the method and path. */
export function answerUnknownRoutes(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: `no route serves ${request.method} ${request.url.split('?')[0]?.slice(0, 200) ?? ''}`,
    }),
  );
}

/** Methods whose requests Fastify reads a body of. */
const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A schema that may also be null. A plain type becomes `type: [type, 'null']`, not `anyOf`: Fastify's
 * Ajv coerces types, and would turn a null into "" on an `anyOf` whose first branch is a string.
 */
export const Nullable = <T extends TSchema>(schema: T): TUnsafe<Static<T> | null> => {
  const type = (schema as { type?: unknown }).type;
  return typeof type === 'string' && type !== 'object' && type !== 'array'
    ? Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] })
    : Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));
};

/** One route as the contract guard sees it. */
export interface RouteContract {
  readonly method: string;
  readonly url: string;
  readonly public: boolean;
  readonly permission: string | null;
  readonly schema: FastifySchema & { hide?: boolean };
}

/**
 * What each route's response schemas miss of the statuses it can answer: a 2xx, 401 where a token
 * is checked (every route but /internal/ ones: public routes refuse a bad token too), 403 where a
 * permission is needed, 400 where any input is validated, 413 and 415 where a body is read (the
 * methods that carry one, body schema or not), 500 always. Empty when complete.
 */
export function contractGaps(routes: readonly RouteContract[]): string[] {
  const gaps: string[] = [];
  for (const route of routes) {
    if (route.method === 'HEAD' || route.schema.hide === true) continue;
    const response = (route.schema.response ?? {}) as Record<string, unknown>;
    const declared = new Set(Object.keys(response));
    const name = `${route.method} ${route.url}`;
    // 101: a websocket upgrade.
    if (![...declared].some((status) => /^(2\d\d|101)$/.test(status)))
      gaps.push(`${name}: no 2xx response schema`);
    const needed = [
      ...(route.url.startsWith('/internal/') ? [] : ['401']),
      ...(route.permission === null ? [] : ['403']),
      ...(route.schema.params || route.schema.querystring || route.schema.body || route.schema.headers
        ? ['400']
        : []),
      ...(bodyMethods.has(route.method) ? ['413', '415'] : []),
      '500',
    ];
    for (const status of needed)
      if (!declared.has(status)) gaps.push(`${name}: answers ${status} but declares no schema for it`);
  }
  return gaps;
}

/** The routes a registration adds, with their access rules and schemas, on an app that never listens. */
export async function routeContractsOf(
  register: (app: FastifyInstance) => Promise<void>,
  build: () => FastifyInstance,
): Promise<RouteContract[]> {
  const app = build();
  const routes: RouteContract[] = [];
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { permission?: string; public?: boolean };
    for (const method of [route.method].flat())
      routes.push({
        method,
        url: route.url,
        public: config.public === true,
        permission: config.permission ?? null,
        schema: route.schema ?? {},
      });
  });
  await register(app);
  await app.ready();
  await app.close();
  return routes;
}

/**
 * Answers outside the contract: a reply whose status has no response schema on a route that
 * declares some. Under test (NODE_ENV=test) it becomes a 500 CONTRACT_VIOLATION, so every test
 * that reaches such an answer fails; otherwise it is logged.
 */
export function guardContracts(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const response = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
    if (response === undefined || request.method === 'HEAD') return payload;
    const status = String(reply.statusCode);
    if (status in response || `${status[0]}xx` in response || 'default' in response) return payload;
    const message = `${request.method} ${request.routeOptions.url} answered ${status}, which its schema does not declare`;
    if (process.env['NODE_ENV'] !== 'test') {
      request.log.error(message);
      return payload;
    }
    void reply.code(500).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ statusCode: 500, code: 'CONTRACT_VIOLATION', message, answered: payload });
  });
}
