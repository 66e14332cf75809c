import { Type, type Static } from 'typebox';
import { purposes, variantNames } from '../processing/variants.ts';

/** The optional crop rectangle, in the pixels of the source image as shown (after EXIF rotation). */
export const CropSchema = Type.Object(
  {
    x: Type.Integer({ minimum: 0 }),
    y: Type.Integer({ minimum: 0 }),
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

/** The fields of the `multipart/form-data` upload besides its one `file` part (crop as JSON text). */
export const UploadFieldsSchema = Type.Object(
  {
    purpose: Type.Enum(purposes),
    crop: Type.Optional(CropSchema),
  },
  { additionalProperties: false },
);
export type UploadFields = Static<typeof UploadFieldsSchema>;

export const VariantSchema = Type.Object({
  url: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
});

export const UploadAnswerSchema = Type.Object({
  id: Type.String(),
  variants: Type.Record(Type.String(), VariantSchema),
  position: Type.Union([Type.String(), Type.Null()]),
});

export const CommandAnswerSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  position: Type.Union([Type.String(), Type.Null()]),
});

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const FileParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' }) },
  { additionalProperties: false },
);

export const VariantParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' }),
    variant: Type.Unsafe<string>({ type: 'string', enum: [...variantNames] }),
  },
  { additionalProperties: false },
);

/** The bytes of a variant (200, or 206 for a range). */
export const BinarySchema = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });

/** No body: the client's copy is current (304). */
export const NotModifiedSchema = Type.Unsafe<undefined>({ description: 'not modified: no body' });

export const HealthSchema = Type.Object({ status: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
