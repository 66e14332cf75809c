import { useCallback, useState } from 'react';
import { newIdempotencyKey } from '../api/idempotency';
import type { UploadedImage } from '../api/types';
import { uploadImage, type Crop, type UploadError, type UploadPurpose } from '../api/upload';
import { useAppSelector } from '../app/store';

/** One file on its way: its name, how much is sent, then the image or the refusal. */
export interface UploadState {
  readonly key: string;
  readonly name: string;
  readonly progress: number;
  readonly image?: UploadedImage;
  readonly error?: UploadError;
}

/** Uploads images for `purpose` with the session's token, keeping each one's progress and outcome. */
export function useImageUploads(purpose: UploadPurpose) {
  const token = useAppSelector((state) => state.session.accessToken);
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const change = (key: string, patch: Partial<UploadState>) =>
    setUploads((all) => all.map((each) => (each.key === key ? { ...each, ...patch } : each)));

  const start = useCallback(
    async (file: File, crop?: Crop): Promise<UploadedImage | undefined> => {
      const key = newIdempotencyKey();
      setUploads((all) => [...all, { key, name: file.name, progress: 0 }]);
      const result = await uploadImage({
        file,
        purpose,
        crop,
        token,
        idempotencyKey: key,
        onProgress: (progress) => change(key, { progress }),
      });
      if ('error' in result) {
        change(key, { error: result.error });
        return undefined;
      }
      const image: UploadedImage = {
        id: result.data.id,
        variants: Object.fromEntries(
          Object.entries(result.data.variants).map(([name, { url, width, height }]) => [
            name,
            { url, width, height },
          ]),
        ),
      };
      change(key, { progress: 1, image });
      return image;
    },
    [purpose, token],
  );
  const remove = useCallback(
    (key: string) => setUploads((all) => all.filter((each) => each.key !== key)),
    [],
  );
  const clear = useCallback(() => setUploads([]), []);
  const busy = uploads.some((each) => each.image === undefined && each.error === undefined);
  const images = uploads.flatMap((each) => (each.image ? [each.image] : []));
  return { uploads, images, busy, start, remove, clear };
}
