import { Value } from 'typebox/value';
import { FileRefused } from '../processing/refusal.ts';
import { maxUploadBytes, purposes } from '../processing/variants.ts';
import { CropSchema, UploadFieldsSchema } from '../http/schemas.ts';
import type { UploadInput } from './file-service.ts';

/** One part of a multipart upload, as either entry point reads it. */
export type FormPart =
  | { readonly kind: 'field'; readonly name: string; readonly value: string }
  | { readonly kind: 'file'; readonly name: string; readonly data: Buffer; readonly truncated: boolean };

export const tooLarge = (): FileRefused =>
  new FileRefused(
    413,
    'TOO_LARGE',
    `the file is over ${maxUploadBytes / 1024 / 1024} MB; send a smaller one`,
    'file',
  );

/**
 * Checks the parts of an upload form: exactly one file part, a `purpose`, an optional `crop`
 * (JSON `{ x, y, width, height }`), nothing else. Refusals name the field.
 */
export function uploadFromParts(
  parts: readonly FormPart[],
): Omit<UploadInput, 'idempotencyKey' | 'correlationId'> {
  const files = parts.filter((part) => part.kind === 'file');
  const file = files[0];
  if (file === undefined)
    throw new FileRefused(
      400,
      'INVALID_REQUEST',
      'send the image as one multipart file part named file',
      'file',
    );
  if (files.length > 1)
    throw new FileRefused(400, 'INVALID_REQUEST', `send exactly one file part, not ${files.length}`, 'file');
  if (file.truncated || file.data.length > maxUploadBytes) throw tooLarge();
  const fields: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.kind !== 'field') continue;
    if (part.name in fields)
      throw new FileRefused(400, 'INVALID_REQUEST', `the field ${part.name} is sent twice`, part.name);
    if (part.name === 'crop') {
      try {
        fields['crop'] = JSON.parse(part.value) as unknown;
      } catch {
        throw new FileRefused(
          400,
          'INVALID_REQUEST',
          'crop is JSON: {"x":0,"y":0,"width":100,"height":100}',
          'crop',
        );
      }
    } else fields[part.name] = part.value;
  }
  for (const name of Object.keys(fields)) {
    if (name !== 'purpose' && name !== 'crop')
      throw new FileRefused(
        400,
        'INVALID_REQUEST',
        `unknown field ${name}; send file, purpose and crop`,
        name,
      );
  }
  if (!purposes.includes(fields['purpose'] as never))
    throw new FileRefused(400, 'INVALID_REQUEST', `purpose is one of ${purposes.join(', ')}`, 'purpose');
  if (fields['crop'] !== undefined && !Value.Check(CropSchema, fields['crop']))
    throw new FileRefused(
      400,
      'INVALID_REQUEST',
      'crop is {"x","y","width","height"}: whole pixels, x and y from 0, width and height from 1',
      'crop',
    );
  if (!Value.Check(UploadFieldsSchema, fields))
    throw new FileRefused(400, 'INVALID_REQUEST', 'the upload form is malformed', 'file');
  return { bytes: file.data, purpose: fields.purpose, crop: fields.crop };
}
