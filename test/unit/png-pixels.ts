import { PNG } from 'pngjs';

/** The RGB of one pixel. */
export function pixel(png: PNG, x: number, y: number): number[] {
  const offset = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(offset, offset + 3));
}

/** How many pixels of the rectangle are darker than mid-gray (ink on a white figure). */
export function inkIn(png: PNG, left: number, top: number, width: number, height: number): number {
  let count = 0;
  for (let y = top; y < top + height; y++) for (let x = left; x < left + width; x++) if (pixel(png, x, y)[0] < 128) count++;
  return count;
}

/** The first position where `inner` differs from `outer` read from column `left` on, or undefined where all of it matches. */
export function firstDifference(outer: PNG, left: number, inner: PNG): { x: number; y: number } | undefined {
  for (let y = 0; y < inner.height; y++) {
    for (let x = 0; x < inner.width; x++) {
      const a = pixel(outer, left + x, y);
      const b = pixel(inner, x, y);
      if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2]) return { x, y };
    }
  }
  return undefined;
}
