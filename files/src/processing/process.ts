import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { identify } from './identify.ts';
import { FileRefused } from './refusal.ts';
import { maxInputPixels, maxUploadBytes, variantsOf, type Purpose, type VariantSpec } from './variants.ts';

/** A rectangle in the pixels of the source image as it is shown (after EXIF rotation). */
export interface Crop {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ProcessedVariant {
  readonly name: string;
  readonly contentType: string;
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

export interface ProcessedImage {
  /** The original as received: its type by content, size, oriented dimensions and SHA-256. */
  readonly original: {
    readonly contentType: string;
    readonly bytes: number;
    readonly width: number;
    readonly height: number;
    readonly sha256: string;
  };
  readonly variants: readonly ProcessedVariant[];
}

// Every upload is a new input: libvips's operation cache would only hold memory.
sharp.cache(false);

// Decoding is bounded by pixels; a stream that ends early or is corrupt is an error, not a grey box.
const inputOptions = { limitInputPixels: maxInputPixels, failOn: 'truncated', pages: 1 } as const;

const unreadable = (error: unknown): FileRefused => {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (/pixel limit/i.test(reason ?? '')) return tooManyPixels();
  return new FileRefused(
    422,
    'UNREADABLE_IMAGE',
    `the image could not be decoded (${reason}); it may be truncated or corrupt`,
    'file',
  );
};

const tooManyPixels = (width?: number, height?: number): FileRefused =>
  new FileRefused(
    422,
    'TOO_MANY_PIXELS',
    `the image is ${width !== undefined && height !== undefined ? `${width}×${height} pixels, ` : ''}more than ${maxInputPixels / 1_000_000} megapixels; send a smaller one`,
    'file',
  );

function checkCrop(crop: Crop, width: number, height: number): void {
  if (crop.x + crop.width > width || crop.y + crop.height > height) {
    throw new FileRefused(
      400,
      'CROP_OUTSIDE_IMAGE',
      `crop {x: ${crop.x}, y: ${crop.y}, width: ${crop.width}, height: ${crop.height}} reaches outside the ${width}×${height} image`,
      'crop',
    );
  }
}

/** The size a variant comes out at, for a source of `width`×`height`. */
function sizeOf(spec: VariantSpec, width: number, height: number): { width: number; height: number } {
  if (spec.fit === 'cover') return { width: spec.width, height: spec.height };
  const scale = Math.min(1, spec.width / width, spec.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Checks an upload by content and turns it into the purpose's variants: auto-rotated by EXIF
 * orientation, cropped, resized, converted to sRGB and encoded as WebP without any metadata.
 * Pure apart from CPU: nothing is stored here. Refusals are `FileRefused` with the status to answer.
 */
export async function processImage(bytes: Buffer, purpose: Purpose, crop?: Crop): Promise<ProcessedImage> {
  if (bytes.length > maxUploadBytes) {
    throw new FileRefused(413, 'TOO_LARGE', `the file is over ${maxUploadBytes / 1024 / 1024} MB`, 'file');
  }
  if (bytes.length === 0) throw new FileRefused(400, 'EMPTY_FILE', 'the file is empty', 'file');
  const { mime } = await identify(bytes);
  let metadata: sharp.Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the declared size is checked below.
    metadata = await sharp(bytes, { ...inputOptions, limitInputPixels: false }).metadata();
  } catch (error) {
    throw unreadable(error);
  }
  // Declared size first: a header promising 30000×30000 is refused before anything is decoded.
  const declaredWidth = metadata.width ?? 0;
  const declaredHeight = metadata.pageHeight ?? metadata.height ?? 0;
  if (declaredWidth * declaredHeight > maxInputPixels) throw tooManyPixels(declaredWidth, declaredHeight);
  if (declaredWidth === 0 || declaredHeight === 0) throw unreadable(new Error('no dimensions'));
  const width = metadata.autoOrient?.width ?? declaredWidth;
  const height = metadata.autoOrient?.height ?? declaredHeight;
  if (crop !== undefined) checkCrop(crop, width, height);

  const specs = variantsOf[purpose];
  const largest = specs[0];
  if (largest === undefined) throw new Error(`no variants for ${purpose}`);
  const source = crop ?? { x: 0, y: 0, width, height };
  const target = sizeOf(largest, source.width, source.height);

  // Decode once (JPEG shrink-on-load does most of the work), into the largest variant's pixels;
  // the smaller ones are made from those.
  let pixels: { data: Buffer; info: sharp.OutputInfo };
  try {
    // Rotating needs the whole image at once: only an image whose EXIF says so pays for it.
    let pipeline = sharp(bytes, inputOptions);
    if ((metadata.orientation ?? 1) > 1) pipeline = pipeline.rotate();
    if (crop !== undefined)
      pipeline = pipeline.extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height });
    pixels = await pipeline
      .resize({
        ...target,
        fit: largest.fit,
        position: 'centre',
        withoutEnlargement: largest.fit === 'inside',
      })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw unreadable(error);
  }
  const raw = { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels };
  // One encode at a time: each holds its own buffers, and uploads already run side by side.
  const variants: ProcessedVariant[] = [];
  for (const spec of specs) {
    const size = sizeOf(spec, raw.width, raw.height);
    const { data, info } = await sharp(pixels.data, { raw })
      .resize({ ...size, fit: spec.fit, withoutEnlargement: spec.fit === 'inside' })
      .webp({ quality: 80, effort: 4 })
      .toBuffer({ resolveWithObject: true });
    variants.push({
      name: spec.name,
      contentType: 'image/webp',
      width: info.width,
      height: info.height,
      data,
    });
  }
  return {
    original: {
      contentType: mime,
      bytes: bytes.length,
      width,
      height,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
    variants,
  };
}
