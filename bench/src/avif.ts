// AVIF beside WebP for the same post variants of the same picture: encode time and bytes. Part of
// `npm run bench:files`; decides whether the file service should also store AVIF variants.
import sharp from 'sharp';
import { variantsOf } from '@engage/files';

export interface EncodingFigures {
  readonly format: 'webp' | 'avif';
  /** Milliseconds to encode one upload's post variants (1920, 1280, 640), median of the rounds. */
  readonly ms: number;
  /** Their bytes together. */
  readonly bytes: number;
}

/** Settings of comparable visual quality (WebP 80 as the service uses; AVIF 55, its usual match). */
const encoders = {
  webp: (image: sharp.Sharp) => image.webp({ quality: 80, effort: 4 }),
  avif: (image: sharp.Sharp) => image.avif({ quality: 55, effort: 4 }),
} as const;

/**
 * Decodes `jpeg` once into the largest post variant's pixels (as the service does), then encodes
 * every post variant from them in WebP and in AVIF, `rounds` times each, one after another.
 */
export async function compareEncodings(jpeg: Buffer, rounds: number): Promise<EncodingFigures[]> {
  const [largest] = variantsOf.post;
  const { data, info } = await sharp(jpeg)
    .resize({ width: largest!.width, height: largest!.height, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const figures: EncodingFigures[] = [];
  for (const format of ['webp', 'avif'] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let round = 0; round < rounds; round += 1) {
      const start = performance.now();
      bytes = 0;
      for (const spec of variantsOf.post) {
        const resized = sharp(data, { raw }).resize({
          width: spec.width,
          height: spec.height,
          fit: 'inside',
          withoutEnlargement: true,
        });
        bytes += (await encoders[format](resized).toBuffer()).length;
      }
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    figures.push({ format, ms: times[Math.floor(times.length / 2)] ?? 0, bytes });
  }
  return figures;
}

/** The lines bench:files prints: each format's figures, AVIF relative to WebP. */
export function describeEncodings(figures: readonly EncodingFigures[], picture: string): string[] {
  const webp = figures.find((each) => each.format === 'webp');
  const avif = figures.find((each) => each.format === 'avif');
  if (webp === undefined || avif === undefined) return [];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  return [
    `${picture}, post variants: WebP ${webp.ms.toFixed(0)} ms ${kb(webp.bytes)}; AVIF ${avif.ms.toFixed(0)} ms ${kb(avif.bytes)} ` +
      `(AVIF bytes x${(avif.bytes / webp.bytes).toFixed(2)}, time x${(avif.ms / webp.ms).toFixed(1)})`,
  ];
}
