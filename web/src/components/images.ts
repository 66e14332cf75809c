import type { UploadedImage } from '../api/types';

/** The URL of `image`'s variant `name`, or of its first variant, or undefined when it has none. */
export function imageUrl(image: UploadedImage | null | undefined, name: string): string | undefined {
  if (!image) return undefined;
  return (image.variants[name] ?? Object.values(image.variants)[0])?.url;
}

/** A `srcSet` of every variant by width, so the browser picks the one the layout needs. */
export function srcSetOf(image: UploadedImage): string {
  return Object.values(image.variants)
    .map((variant) => `${variant.url} ${variant.width}w`)
    .join(', ');
}
