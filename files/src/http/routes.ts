import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { FileRefused } from '../processing/refusal.ts';
import { maxUploadBytes } from '../processing/variants.ts';
import type { FileService } from '../upload/file-service.ts';
import { tooLarge, uploadFromParts, type FormPart } from '../upload/form.ts';
import {
  BinarySchema,
  CommandAnswerSchema,
  ErrorSchema,
  FileParams,
  NotModifiedSchema,
  UploadAnswerSchema,
  VariantParams,
} from './schemas.ts';
import { deliveryOf } from './range.ts';

export interface FileRoutesOptions {
  /** Looked up per request: the service exists once its command bus knows this instance's address. */
  readonly service: () => FileService;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = header(request, 'idempotency-key');
  if (key !== undefined && (key.length < 8 || key.length > 200)) {
    throw new FileRefused(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key is 8-200 characters, for example a UUID',
    );
  }
  return key;
}

/** What every route can refuse with; 503 while the service is still starting. */
const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  500: ErrorSchema,
  503: ErrorSchema,
} as const;

/** `POST /files`, `GET /files/{id}/{variant}`, `DELETE /files/{id}`. */
export async function fileRoutes(parent: FastifyInstance, options: FileRoutesOptions): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(multipart, {
    // One more file than allowed, so a second file part is seen and refused by name.
    limits: { fileSize: maxUploadBytes, files: 2, fields: 8, fieldSize: 4096, parts: 10, headerPairs: 100 },
  });

  app.post(
    '/files',
    {
      config: { permission: 'profile:edit-own' },
      schema: {
        summary: 'Upload an image: checked by content, cropped, resized into the purpose’s variants (WebP)',
        description:
          'multipart/form-data with exactly one `file` part (JPEG, PNG, WebP, AVIF or GIF, at most 10 MB and ' +
          '40 megapixels), `purpose` (avatar, cover or post) and optionally `crop` as JSON ' +
          '`{"x","y","width","height"}` in the pixels of the image as shown. Needs profile:edit-own, and ' +
          'initiatives:write for a cover or posts:write for a post image.',
        consumes: ['multipart/form-data'],
        response: {
          201: UploadAnswerSchema,
          ...errors,
          413: ErrorSchema,
          415: ErrorSchema,
          422: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new FileRefused(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'send multipart/form-data with one file part named file',
        );
      }
      const idempotencyKey = idempotencyKeyOf(request);
      const service = options.service();
      const answer = await service.admit(async () => {
        const parts: FormPart[] = [];
        try {
          for await (const part of request.parts()) {
            if (part.type === 'file') {
              const data = await part.toBuffer();
              parts.push({ kind: 'file', name: part.fieldname, data, truncated: part.file.truncated });
            } else {
              parts.push({ kind: 'field', name: part.fieldname, value: String(part.value) });
            }
          }
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
          if (code === 'FST_FILES_LIMIT')
            throw new FileRefused(400, 'INVALID_REQUEST', 'send exactly one file part', 'file');
          throw error;
        }
        return service.upload(request.principal!, {
          ...uploadFromParts(parts),
          idempotencyKey,
          correlationId: header(request, 'x-correlation-id') ?? randomUUID(),
        });
      });
      return reply.code(201).send(answer);
    },
  );

  app.get(
    '/files/:id/:variant',
    {
      config: { public: true },
      schema: {
        summary: 'One variant of an image: immutable, with a strong ETag and byte ranges',
        security: [],
        params: VariantParams,
        produces: ['image/webp'],
        response: {
          200: BinarySchema,
          206: BinarySchema,
          304: NotModifiedSchema,
          // Public, yet a token sent anyway is checked (and a refused one answered 401).
          ...errors,
          416: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { id, variant } = request.params;
      const service = options.service();
      const stored = await service.stat(id, variant);
      if (stored === undefined) {
        return reply
          .code(404)
          .send({ statusCode: 404, code: 'FILE_NOT_FOUND', message: `no variant ${variant} of file ${id}` });
      }
      const delivery = deliveryOf(stored, {
        ifNoneMatch: header(request, 'if-none-match'),
        range: header(request, 'range'),
        ifRange: header(request, 'if-range'),
      });
      void reply.headers(delivery.headers);
      switch (delivery.status) {
        case 304:
          return reply.code(304).send(undefined);
        case 416:
          return reply.code(416).send({
            statusCode: 416,
            code: 'RANGE_NOT_SATISFIABLE',
            message: `the range is outside the ${stored.length} bytes of this variant`,
          });
        case 200:
          return reply.code(200).send(service.read(id, variant));
        case 206:
          return reply.code(206).send(service.read(id, variant, delivery.range));
      }
    },
  );

  app.delete(
    '/files/:id',
    {
      config: { permission: 'profile:edit-own' },
      schema: {
        summary:
          'Delete a file (its owner, or a moderator of its purpose): records FileDeleted, removes the bytes',
        params: FileParams,
        response: {
          200: CommandAnswerSchema,
          ...errors,
          409: ErrorSchema,
          413: ErrorSchema,
          415: ErrorSchema,
        },
      },
    },
    async (request) =>
      options.service().remove(request.principal!, request.params.id, {
        idempotencyKey: idempotencyKeyOf(request),
        correlationId: header(request, 'x-correlation-id'),
      }),
  );
}
