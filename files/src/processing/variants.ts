/** What an upload is for; each purpose has its own fixed set of variants. */
export const purposes = ['avatar', 'cover', 'post'] as const;
export type Purpose = (typeof purposes)[number];

/**
 * One output size. `fit: 'cover'` fills exactly `width`×`height` (cropping the rest, enlarging a
 * small source); `fit: 'inside'` bounds the long edge and never enlarges.
 */
export interface VariantSpec {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly fit: 'cover' | 'inside';
}

export const variantsOf: Readonly<Record<Purpose, readonly VariantSpec[]>> = {
  avatar: [
    { name: '256', width: 256, height: 256, fit: 'cover' },
    { name: '64', width: 64, height: 64, fit: 'cover' },
  ],
  cover: [
    { name: '1280x720', width: 1280, height: 720, fit: 'cover' },
    { name: '640x360', width: 640, height: 360, fit: 'cover' },
  ],
  post: [
    { name: '1920', width: 1920, height: 1920, fit: 'inside' },
    { name: '1280', width: 1280, height: 1280, fit: 'inside' },
    { name: '640', width: 640, height: 640, fit: 'inside' },
  ],
};

/** Every variant name of every purpose (the `{variant}` of `GET /files/{id}/{variant}`). */
export const variantNames: readonly string[] = [
  ...new Set(Object.values(variantsOf).flatMap((specs) => specs.map((spec) => spec.name))),
];

/** Largest upload accepted, in bytes. */
export const maxUploadBytes = 10 * 1024 * 1024;
/** Largest image accepted, in pixels, declared or decoded (sharp's `limitInputPixels`). */
export const maxInputPixels = 40_000_000;
