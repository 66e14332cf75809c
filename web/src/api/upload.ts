import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';

/** What an uploaded image is for: each has its own variants and its own place in the product. */
export type UploadPurpose = 'avatar' | 'cover' | 'post';

/** A rectangle in the pixels of the image as it is shown. */
export interface Crop {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What `POST /files` answers. */
export interface UploadAnswer {
  readonly id: string;
  readonly variants: Readonly<
    Record<
      string,
      { readonly url: string; readonly width: number; readonly height: number; readonly bytes: number }
    >
  >;
  readonly position: string | null;
}

/** A refused or failed upload, shaped as RTK Query's errors so `sentenceFor` words it. */
export type UploadError = FetchBaseQueryError;

/**
 * Sends one image to `POST /files` (multipart), reporting progress as a fraction of the bytes
 * sent (`fetch` cannot report upload progress, so this uses XMLHttpRequest). Like RTK Query's
 * calls, it answers `{ data }` or `{ error }`.
 */
export function uploadImage(options: {
  readonly file: Blob;
  readonly purpose: UploadPurpose;
  readonly crop?: Crop | undefined;
  readonly token: string | null;
  readonly idempotencyKey: string;
  readonly onProgress?: (fraction: number) => void;
}): Promise<{ data: UploadAnswer } | { error: UploadError }> {
  const form = new FormData();
  form.append('purpose', options.purpose);
  if (options.crop) form.append('crop', JSON.stringify(options.crop));
  form.append('file', options.file);
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/files');
    if (options.token !== null) request.setRequestHeader('authorization', `Bearer ${options.token}`);
    request.setRequestHeader('idempotency-key', options.idempotencyKey);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      let data: unknown;
      try {
        data = JSON.parse(request.responseText) as unknown;
      } catch {
        data = undefined;
      }
      if (request.status === 201) {
        options.onProgress?.(1);
        resolve({ data: data as UploadAnswer });
      } else resolve({ error: { status: request.status, data } });
    });
    const offline = () =>
      resolve({ error: { status: 'FETCH_ERROR', error: 'the upload did not reach the server' } });
    request.addEventListener('error', offline);
    request.addEventListener('abort', offline);
    request.send(form);
  });
}
