import type { Crop } from '../../api/upload';

/**
 * The square an avatar is cut from, in the image's pixels: `zoom` 1 takes the largest square that
 * fits, 3 a third of it; `x` and `y` (0 to 1) slide it from the left/top edge to the right/bottom.
 */
export function squareCrop(width: number, height: number, zoom: number, x: number, y: number): Crop {
  const shorter = Math.min(width, height);
  const side = Math.min(shorter, Math.max(1, Math.round(shorter / Math.max(1, zoom))));
  return {
    x: Math.round((width - side) * Math.min(1, Math.max(0, x))),
    y: Math.round((height - side) * Math.min(1, Math.max(0, y))),
    width: side,
    height: side,
  };
}
