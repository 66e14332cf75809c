// The file service as an AWS Lambda handler behind an API Gateway HTTP API (payload format 2.0):
// the same form check, image processing, storage and command path as the Fastify routes.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Value } from 'typebox/value';
import {
  InvalidTokenError,
  jwksKeyLookup,
  KeyStore,
  storeKeyLookup,
  verifyAccessToken,
  type AccessClaims,
  type KeyLookup,
} from '@engage/auth';
import { DomainError, refusalOf } from '@engage/command-services';
import { openFileBackend } from './backend.ts';
import { configFromEnv } from './config.ts';
import { deliveryOf } from './http/range.ts';
import { FileParams, VariantParams } from './http/schemas.ts';
import { FileRefused } from './processing/refusal.ts';
import { maxUploadBytes } from './processing/variants.ts';
import type { FileService } from './upload/file-service.ts';
import { tooLarge, uploadFromParts, type FormPart } from './upload/form.ts';

/** The parts of an API Gateway HTTP API (v2) event this handler reads. */
export interface HttpApiEvent {
  readonly version: '2.0';
  readonly routeKey: string;
  readonly rawPath: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly requestContext: { readonly http: { readonly method: string }; readonly requestId?: string };
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

export interface LambdaDeps {
  readonly service: FileService;
  readonly keys: KeyLookup;
  readonly tokens: { readonly issuer: string; readonly audience: string };
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
  isBase64Encoded: false,
});

const failure = (statusCode: number, code: string, message: string, field?: string): HttpApiResult =>
  json(statusCode, { statusCode, code, message, ...(field === undefined ? {} : { field }) });

const headerOf = (event: HttpApiEvent, name: string): string | undefined => {
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === name) return value;
  return undefined;
};

/** The route's permission check, as the Fastify service's `authentication` plugin does it. */
async function callerOf(event: HttpApiEvent, deps: LambdaDeps, permission: string): Promise<AccessClaims> {
  const header = headerOf(event, 'authorization');
  if (header === undefined || !header.startsWith('Bearer ')) {
    throw new DomainError('UNAUTHENTICATED', 'send an access token: Authorization: Bearer <token>');
  }
  let caller: AccessClaims;
  try {
    caller = await verifyAccessToken(header.slice('Bearer '.length).trim(), deps.keys, deps.tokens);
  } catch (error) {
    const reason = error instanceof InvalidTokenError ? error.message : 'the token could not be checked';
    throw new DomainError('UNAUTHENTICATED', `the access token was refused: ${reason}`);
  }
  if (!caller.permissions.includes(permission))
    throw new DomainError('FORBIDDEN', `this needs the ${permission} permission`);
  return caller;
}

/** The form parts of a (base64) multipart body, read by the platform's own multipart parser. */
async function partsOf(event: HttpApiEvent): Promise<FormPart[]> {
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new FileRefused(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send multipart/form-data with one file part named file',
    );
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  // Room for the form's own framing and fields beyond the file itself.
  if (body.length > maxUploadBytes + 64 * 1024) throw tooLarge();
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new FileRefused(400, 'INVALID_REQUEST', 'the multipart body could not be read', 'file');
  }
  const parts: FormPart[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push({ kind: 'field', name, value });
    else parts.push({ kind: 'file', name, data: Buffer.from(await value.arrayBuffer()), truncated: false });
  }
  return parts;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function route(event: HttpApiEvent, deps: LambdaDeps): Promise<HttpApiResult> {
  const method = event.requestContext.http.method.toUpperCase();
  const params = event.pathParameters ?? {};
  const correlationId = headerOf(event, 'x-correlation-id') ?? event.requestContext.requestId ?? randomUUID();
  const idempotencyKey = headerOf(event, 'idempotency-key');
  if (idempotencyKey !== undefined && (idempotencyKey.length < 8 || idempotencyKey.length > 200))
    return failure(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is 8-200 characters, for example a UUID');

  if (method === 'POST' && event.rawPath === '/files') {
    const caller = await callerOf(event, deps, 'profile:edit-own');
    const input = uploadFromParts(await partsOf(event));
    const answer = await deps.service.admit(() =>
      deps.service.upload(caller, { ...input, idempotencyKey, correlationId }),
    );
    return json(201, answer);
  }
  if ((method === 'GET' || method === 'HEAD') && params['variant'] !== undefined) {
    const wanted = { id: params['id'], variant: params['variant'] };
    if (!Value.Check(VariantParams, wanted))
      return failure(400, 'INVALID_REQUEST', 'no such variant name', 'variant');
    const stored = await deps.service.stat(wanted.id, wanted.variant);
    if (stored === undefined)
      return failure(404, 'FILE_NOT_FOUND', `no variant ${wanted.variant} of file ${wanted.id}`);
    const delivery = deliveryOf(stored, {
      ifNoneMatch: headerOf(event, 'if-none-match'),
      range: headerOf(event, 'range'),
      ifRange: headerOf(event, 'if-range'),
    });
    if (delivery.status === 416)
      return json(
        416,
        {
          statusCode: 416,
          code: 'RANGE_NOT_SATISFIABLE',
          message: `the range is outside the ${stored.length} bytes of this variant`,
        },
        delivery.headers,
      );
    const send = method === 'GET' && delivery.status !== 304;
    const bytes = send
      ? await bytesOf(deps.service.read(wanted.id, wanted.variant, delivery.range))
      : Buffer.alloc(0);
    return {
      statusCode: delivery.status,
      headers: delivery.headers,
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    };
  }
  if (method === 'DELETE' && params['id'] !== undefined) {
    const caller = await callerOf(event, deps, 'profile:edit-own');
    const wanted = { id: params['id'] };
    if (!Value.Check(FileParams, wanted)) return failure(400, 'INVALID_REQUEST', 'malformed file id', 'id');
    return json(200, await deps.service.remove(caller, wanted.id, { idempotencyKey, correlationId }));
  }
  return failure(404, 'NOT_FOUND', `no route ${method} ${event.rawPath}`);
}

/** A handler over the given dependencies (built once per Lambda instance, on its first request). */
export function createHandler(
  deps: () => Promise<LambdaDeps>,
): (event: HttpApiEvent) => Promise<HttpApiResult> {
  let ready: Promise<LambdaDeps> | undefined;
  return async (event) => {
    ready ??= deps().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    try {
      return await route(event, await ready);
    } catch (error) {
      if (error instanceof FileRefused)
        return failure(error.statusCode, error.code, error.message, error.field);
      const refusal = refusalOf(error);
      if (refusal !== undefined)
        return failure(refusal.statusCode, refusal.code, (error as Error).message, refusal.field);
      console.error(error);
      return failure(500, 'INTERNAL_ERROR', 'internal error');
    }
  };
}

/**
 * The deployed handler: configured from the environment like the service (KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, MONGO_URL, ...); access tokens are checked against AUTH_JWKS_URL when set,
 * else against the key store in MongoDB.
 */
export const handler = createHandler(async () => {
  const config = configFromEnv();
  const backend = await openFileBackend(config);
  const { service } = await backend.start(config.advertisedAddress ?? `lambda:${randomUUID()}`);
  const jwksUrl = process.env['AUTH_JWKS_URL'];
  return {
    service,
    keys: jwksUrl ? jwksKeyLookup(jwksUrl) : storeKeyLookup(new KeyStore(backend.connection)),
    tokens: config.tokens,
  };
});
