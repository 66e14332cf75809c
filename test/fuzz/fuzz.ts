// Property-based fuzzing of a running system from its OpenAPI documents: for each operation, requests
// generated from its schemas and past their edges, sent over HTTP with a valid token (and some
// without); every answer must be below 500, a status the document declares, and valid against the
// document's schema for that status; and no refused request may append an event (every event carries
// the correlation id of the request that caused it).
import { randomUUID } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { createKafka, decodeHeaders, readToEnd } from '@engage/event-log';
import { edgeStrings, edgeValue, validValue, type JsonSchema, type Known } from './arbitraries.ts';

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

interface Content {
  readonly schema?: JsonSchema;
}

interface OperationObject {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, Content>> };
  readonly responses?: Readonly<Record<string, { readonly content?: Readonly<Record<string, Content>> }>>;
  readonly consumes?: readonly string[];
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
}

/** One operation of a service's document, and where the service listens. */
export interface Operation {
  readonly service: string;
  readonly baseUrl: string;
  readonly method: string;
  readonly path: string;
  readonly spec: OperationObject;
}

export type Caller = 'admin' | 'member' | 'anonymous' | 'forged';

/** One generated request, before tokens and the correlation id are added. */
export interface FuzzRequest {
  readonly caller: Caller;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | FormData;
  readonly contentType?: string;
}

export interface Failure {
  readonly operation: string;
  readonly problem: string;
  readonly request: string;
  readonly status: number;
  readonly answer: string;
}

export interface OperationCounts {
  readonly operation: string;
  requests: number;
  readonly byStatus: Record<string, number>;
  failures: number;
  seconds: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly counts: OperationCounts[];
  readonly failures: Failure[];
}

/** Routes that are not HTTP operations to fuzz: the documents themselves and the websocket. */
const skipped = new Set(['/docs', '/commands/docs', '/files/docs', '/notifications/stream']);

/** Every operation of `document`, served at `baseUrl`. */
export function operationsOf(service: string, baseUrl: string, document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths)
    .filter(([path]) => !skipped.has(path))
    .flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, spec]) => ({ service, baseUrl, method: method.toUpperCase(), path, spec })),
    );
}

export const operationName = (operation: Operation): string =>
  `${operation.service} ${operation.method} ${operation.path}`;

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate (which encodeURIComponent refuses)
 * becomes the bytes a careless encoder would produce: an invalid UTF-8 sequence.
 */
export const encode = (text: string): string =>
  Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    return char.length === 1 && code >= 0xd800 && code <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(char);
  }).join('');

/**
 * The longest value put in a URL, once encoded: past 16 KB of request line and headers Node's HTTP
 * parser answers 431 before any route runs (and the gateway refuses long URLs first anyway). Huge
 * strings go in bodies. (Measured encoded: 2,000 characters of four-byte ones encode to 24,000.)
 */
const maxUrlValue = 2_000;

/** `encode(text)`, cut after the last whole character that keeps it within `maxUrlValue`. */
const encodeForUrl = (text: string): string => {
  let encoded = '';
  for (const char of text) {
    const next = encode(char);
    if (encoded.length + next.length > maxUrlValue) break;
    encoded += next;
  }
  return encoded;
};

/** Path segments and query values sent as they are, past what an encoder would make. */
/** (No `..`: the client resolves it away, so the request would name another path, not a bad id.) */
const rawSegments = ['%2F', '%', '%ZZ', '%00', '%C0%AE', 'a%2Fb', '%ED%A0%80', '%E2%80%AE', '%2E%2E%2F'];

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const pathValue = (parameter: Parameter, known: Known): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: validValue(parameter.schema ?? { type: 'string' }, known)
        .map(asText)
        .map(encodeForUrl),
    },
    { weight: 4, arbitrary: known.ids.length > 0 ? fc.constantFrom(...known.ids) : fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...edgeStrings).map(encodeForUrl) },
    { weight: 1, arbitrary: fc.constantFrom(...rawSegments) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(5_000)) },
  );

/** `name=value` pairs of a query string: declared ones, operators (`a[$ne]=1`), repeats and extras. */
const queryPairs = (parameters: readonly Parameter[], known: Known): fc.Arbitrary<string[]> => {
  const declared = parameters.map((parameter) =>
    fc.option(
      fc
        .oneof(
          { weight: 5, arbitrary: validValue(parameter.schema ?? { type: 'string' }, known).map(asText) },
          { weight: 2, arbitrary: edgeValue(parameter.schema ?? { type: 'string' }, known).map(asText) },
        )
        .map((value) => `${encode(parameter.name)}=${encodeForUrl(value)}`),
      { nil: undefined, freq: 2 },
    ),
  );
  const names = parameters.length > 0 ? parameters.map(({ name }) => name) : ['q'];
  const hostile = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...names),
        fc.constantFrom('[$ne]', '[$gt]', '[$regex]', '[]', '[__proto__]', '.$where'),
      )
      .map(([name, operator]) => `${name}${operator}=1`),
    fc.constantFrom(...names).map((name) => `${name}=1&${name}=2`),
    fc.constantFrom('__proto__[x]=1', 'constructor[prototype][x]=1', '$where=1', '=', '&&', 'a=%ZZ'),
    fc
      .tuple(fc.constantFrom(...names), fc.constantFrom(...rawSegments))
      .map(([name, raw]) => `${name}=${raw}`),
  );
  return fc
    .tuple(fc.tuple(...declared), fc.array(hostile, { maxLength: 2 }))
    .map(([values, extra]) => [...values.filter((value): value is string => value !== undefined), ...extra]);
};

/** Header values fetch can send (bytes 0x20-0xff, no line breaks). */
const sendable = (value: string): boolean => /^[\t\x20-\x7e\x80-\xff]*$/.test(value) && value.length < 4_000;

const headerValue = (name: string): fc.Arbitrary<string> => {
  const typical =
    name === 'if-match'
      ? fc.oneof(
          fc.nat(5).map(String),
          fc.constantFrom('"2"', 'W/"1"', '-1', '1.5', '*', '99999999999999999999'),
        )
      : name === 'idempotency-key'
        ? fc.oneof(fc.uuid(), fc.constantFrom('short', 'k'.repeat(201), 'k'.repeat(200), '        '))
        : fc.string({ maxLength: 40 });
  return fc.oneof(typical, fc.constantFrom(...edgeStrings.filter(sendable)));
};

const headerPairs = (parameters: readonly Parameter[]): fc.Arbitrary<Record<string, string>> =>
  fc
    .tuple(
      ...parameters
        .filter(({ name }) => name !== 'x-correlation-id')
        .map(({ name }) =>
          fc.option(
            headerValue(name).map((value) => [name, value] as const),
            { nil: undefined, freq: 3 },
          ),
        ),
    )
    .map((pairs) => Object.fromEntries(pairs.filter((pair) => pair !== undefined)));

/** Bodies no schema describes: not JSON, truncated, nested past any parser's comfort, too big. */
const rawBodies: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom('', 'not json', '{', '{"a":', 'null', '[]', '"text"', '0', '\ufeff{}', '{"a":1,"a":2}'),
  fc.constantFrom(5_000, 100_000).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.constantFrom(5_000, 50_000).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.constant(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d])),
  fc.constant(`{"text":"${'x'.repeat(1_200_000)}"}`),
);

const contentTypes = fc.constantFrom(
  'text/plain',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json;;',
);

const jsonBody = (
  schema: JsonSchema,
  known: Known,
): fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> =>
  fc
    .oneof(
      { weight: 5, arbitrary: validValue(schema, known).map((value) => JSON.stringify(value)) },
      { weight: 6, arbitrary: edgeValue(schema, known).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: rawBodies },
    )
    .chain((body) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.constant({ body, contentType: 'application/json' }) },
        { weight: 1, arbitrary: contentTypes.map((contentType) => ({ body, contentType })) },
        { weight: 1, arbitrary: fc.constant({ body }) },
      ),
    );

/** `/auth/token` takes a form too, as OAuth clients send it. */
const formBody = (
  schema: JsonSchema,
  known: Known,
): fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> =>
  edgeValue(schema, known).map((value) => ({
    body: new URLSearchParams(
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).map(([key, field]): [string, string] => [key, asText(field)])
        : [['value', asText(value)]],
    ).toString(),
    contentType: 'application/x-www-form-urlencoded',
  }));

/** A multipart upload: a small image, other bytes, or none; purposes and crops valid or not. */
const multipartBody = (images: readonly Uint8Array[]): fc.Arbitrary<Pick<FuzzRequest, 'body'>> => {
  const file = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...images) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        new Uint8Array(0),
      ),
    },
  );
  const crop = validValue(
    {
      type: 'object',
      properties: {
        x: { type: 'integer', minimum: 0, maximum: 20 },
        y: { type: 'integer', minimum: 0, maximum: 20 },
        width: { type: 'integer', minimum: 1, maximum: 20 },
        height: { type: 'integer', minimum: 1, maximum: 20 },
      },
      required: ['x', 'y', 'width', 'height'],
    },
    { ids: [] },
  );
  const field = (values: fc.Arbitrary<string>) =>
    fc.option(
      fc.oneof({ weight: 4, arbitrary: values }, { weight: 1, arbitrary: fc.constantFrom(...edgeStrings) }),
      {
        nil: undefined,
        freq: 6,
      },
    );
  return fc
    .record({
      files: fc.array(fc.tuple(fc.constantFrom('file', 'file', 'image', '__proto__'), file), {
        maxLength: 3,
      }),
      purpose: field(fc.constantFrom('avatar', 'cover', 'post')),
      crop: field(
        fc.oneof(
          crop.map((value) => JSON.stringify(value)),
          fc.constantFrom('{', '[]', '{"x":-1}'),
        ),
      ),
      extra: fc.option(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), {
        nil: undefined,
      }),
    })
    .map(({ files, purpose, crop: cropText, extra }) => {
      const form = new FormData();
      if (purpose !== undefined) form.append('purpose', purpose);
      if (cropText !== undefined) form.append('crop', cropText);
      if (extra !== undefined) form.append(...extra);
      for (const [name, bytes] of files) form.append(name, new Blob([bytes]), 'upload.png');
      return { body: form };
    });
};

export interface FuzzTargets {
  readonly known: Known;
  /** Small valid images for uploads. */
  readonly images: readonly Uint8Array[];
}

/** Requests for one operation, from its parameters and body schema, valid and past their edges. */
export function requestArbitrary(operation: Operation, targets: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  const { known } = targets;
  const parameters = operation.spec.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const path = fc
    .tuple(
      ...pathParameters.map((parameter) =>
        pathValue(parameter, known).map((value) => [parameter.name, value] as const),
      ),
    )
    .map((values) => values.reduce((url, [name, value]) => url.replace(`{${name}}`, value), operation.path));
  const query = queryPairs(
    parameters.filter((parameter) => parameter.in === 'query'),
    known,
  );
  const headers = headerPairs(parameters.filter((parameter) => parameter.in === 'header'));
  const content = operation.spec.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const body: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> =
    operation.spec.consumes?.includes('multipart/form-data') === true
      ? fc.oneof(
          { weight: 8, arbitrary: multipartBody(targets.images) },
          { weight: 1, arbitrary: jsonBody({}, known) },
        )
      : jsonSchema === undefined
        ? fc.oneof(
            { weight: 6, arbitrary: fc.constant({}) },
            { weight: 1, arbitrary: jsonBody({ type: 'object' }, known) },
          )
        : operation.path === '/auth/token'
          ? fc.oneof(jsonBody(jsonSchema, known), formBody(jsonSchema, known))
          : jsonBody(jsonSchema, known);
  const caller = fc.constantFrom<Caller>('admin', 'admin', 'member', 'member', 'anonymous', 'forged');
  return fc
    .record({ caller, path, query, headers, body })
    .map(({ caller: who, path: url, query: pairs, headers: sent, body: payload }) => ({
      caller: who,
      url: pairs.length === 0 ? url : `${url}?${pairs.join('&')}`,
      headers: sent,
      ...payload,
    }));
}

const forgedTokens = [
  'Bearer',
  'Bearer x.y.z',
  'Basic YWRtaW46YWRtaW4=',
  `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"admin","permissions":["*"]}').toString('base64url')}.`,
  `Bearer ${'a'.repeat(3_000)}`,
];

/** `{ statusCode, code, message, field? }`: every error of every service. */
const errorShape: JsonSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string' },
  },
  required: ['statusCode', 'code', 'message'],
  additionalProperties: false,
};

/** Response validators per operation and status, compiled once. */
class ResponseContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor() {
    addFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
  }

  /** The problem with this answer, or undefined when it keeps the document's promise. */
  problemWith(operation: Operation, status: number, contentType: string, text: string): string | undefined {
    if (status >= 500) return `answered ${status}`;
    const responses = operation.spec.responses ?? {};
    // A path no route serves (an empty id, say) reached no operation: the shared error shape is all it owes.
    const unrouted = status === 404 && /"code":"ROUTE_NOT_FOUND"/.test(text);
    const declared = unrouted
      ? { content: { 'application/json': { schema: errorShape } } }
      : (responses[String(status)] ?? responses['default']);
    if (declared === undefined) return `answered ${status}, which the document does not declare`;
    const schema = declared.content?.['application/json']?.schema;
    if (schema === undefined || status === 204 || status === 304) return undefined;
    if (!contentType.includes('json'))
      return `answered ${status} as ${contentType}, not the JSON the document declares`;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `answered ${status} with a body that is not JSON`;
    }
    const key = `${operationName(operation)} ${unrouted ? 'unrouted' : status}`;
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate === null || validate(body)) return undefined;
    return `answered ${status} outside its schema: ${this.ajv.errorsText(validate.errors)}`;
  }
}

/** Runs `tasks` with at most `limit` in flight. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next]!;
        next += 1;
        await task(item);
      }
    }),
  );
}

const shortened = (text: string, length = 300): string =>
  text.length <= length ? text : `${text.slice(0, length)}… (${text.length} characters)`;

const describeRequest = (operation: Operation, request: FuzzRequest): string => {
  const body =
    request.body === undefined
      ? ''
      : typeof request.body === 'string'
        ? ` ${request.contentType ?? '(no content type)'} ${shortened(request.body)}`
        : request.body instanceof FormData
          ? ` multipart ${JSON.stringify([...request.body.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : `${value.size} bytes`]))}`
          : ` ${request.contentType ?? '(no content type)'} ${request.body.length} bytes`;
  return `${operation.method} ${shortened(request.url, 200)} as ${request.caller} ${JSON.stringify(request.headers)}${body}`;
};

export interface FuzzSystem {
  readonly tokens: Readonly<Record<'admin' | 'member', string>>;
  readonly kafkaBrokers: string;
  readonly topicPrefix: string;
}

/**
 * Sends `runs` generated requests to each operation (`concurrency` in flight), then reads every
 * event the system's topics gained and checks that each came from an accepted request.
 */
export async function fuzz(
  operations: readonly Operation[],
  targets: FuzzTargets,
  system: FuzzSystem,
  options: {
    runs: number;
    seed: number;
    concurrency: number;
    onOperation?: (counts: OperationCounts) => void;
  },
): Promise<FuzzReport> {
  const contract = new ResponseContract();
  const failures: Failure[] = [];
  const counts: OperationCounts[] = [];
  /** Correlation id → the request, for every answer that was not a 2xx. */
  const refused = new Map<string, string>();
  const accepted = new Set<string>();
  const eventsBefore = await correlationIdsOfEvents(system);
  for (const [index, operation] of operations.entries()) {
    const name = operationName(operation);
    const tally: OperationCounts = { operation: name, requests: 0, byStatus: {}, failures: 0, seconds: 0 };
    const started = performance.now();
    counts.push(tally);
    const requests = fc.sample(requestArbitrary(operation, targets), {
      numRuns: options.runs,
      seed: options.seed + index,
    });
    await inPool(requests, options.concurrency, async (request) => {
      const correlationId = randomUUID();
      const authorization =
        request.caller === 'admin' || request.caller === 'member'
          ? `Bearer ${system.tokens[request.caller]}`
          : request.caller === 'forged'
            ? forgedTokens[correlationId.charCodeAt(0) % forgedTokens.length]!
            : undefined;
      let status: number;
      let contentType: string;
      let text: string;
      try {
        const response = await fetch(`${operation.baseUrl}${request.url}`, {
          method: operation.method,
          redirect: 'manual',
          signal: AbortSignal.timeout(60_000),
          headers: {
            ...request.headers,
            'x-correlation-id': correlationId,
            ...(authorization === undefined ? {} : { authorization }),
            ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
          },
          ...(request.body === undefined || operation.method === 'GET' ? {} : { body: request.body }),
        });
        status = response.status;
        contentType = response.headers.get('content-type') ?? '';
        text = await response.text();
      } catch (error) {
        status = 0;
        contentType = '';
        text = String((error as Error).cause ?? error);
      }
      tally.requests += 1;
      tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
      const problem =
        status === 0 ? `no answer: ${text}` : contract.problemWith(operation, status, contentType, text);
      if (status >= 200 && status < 300) accepted.add(correlationId);
      else
        refused.set(
          correlationId,
          `${describeRequest(operation, request)} answered ${status} ${shortened(text, 200)}`,
        );
      if (problem !== undefined) {
        tally.failures += 1;
        failures.push({
          operation: name,
          problem,
          request: describeRequest(operation, request),
          status,
          answer: shortened(text),
        });
      }
    });
    tally.seconds = (performance.now() - started) / 1000;
    options.onOperation?.(tally);
  }
  const eventsAfter = await correlationIdsOfEvents(system);
  for (const [correlationId, count] of eventsAfter) {
    const appended = count - (eventsBefore.get(correlationId) ?? 0);
    if (appended <= 0 || accepted.has(correlationId)) continue;
    const request = refused.get(correlationId);
    if (request !== undefined)
      failures.push({
        operation: 'events',
        problem: `a refused request appended ${appended} event(s)`,
        request,
        status: 0,
        answer: '',
      });
  }
  return { seed: options.seed, counts, failures };
}

/** How many events of the system's topics carry each correlation id. */
async function correlationIdsOfEvents(system: FuzzSystem): Promise<Map<string, number>> {
  const kafka = createKafka(system.kafkaBrokers, 'fuzz-events');
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(system.topicPrefix));
  await admin.disconnect();
  const ids = new Map<string, number>();
  await readToEnd(kafka, topics, (_topic, _partition, record) => {
    try {
      const { correlationId } = decodeHeaders(record.headers).metadata;
      ids.set(correlationId, (ids.get(correlationId) ?? 0) + 1);
    } catch {
      // Records without event headers (dead letters) belong to no request.
    }
  });
  return ids;
}
