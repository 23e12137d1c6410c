import type { PNG } from 'pngjs';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphOf } from './bitmap-font.ts';

/** One blank column between letters. */
const ADVANCE = GLYPH_WIDTH + 1;

/** Width in pixels of `text` drawn `size` pixels per font cell (no trailing blank column). */
export function textWidth(text: string, size: number): number {
  return text.length === 0 ? 0 : (text.length * ADVANCE - 1) * size;
}

/** Height in pixels of a line drawn `size` pixels per font cell, descender included. */
export function textHeight(size: number): number {
  return GLYPH_HEIGHT * size;
}

/** Draws `text` into an RGBA PNG with its top-left corner at (left, top); ink outside the image is dropped. */
export function drawText(png: PNG, text: string, left: number, top: number, size: number, rgb: readonly [number, number, number]): void {
  [...text].forEach((char, index) => {
    const glyph = glyphOf(char);
    const glyphLeft = left + index * ADVANCE * size;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        if (!glyph[row * GLYPH_WIDTH + column]) continue;
        for (let dy = 0; dy < size; dy++) {
          for (let dx = 0; dx < size; dx++) {
            const x = glyphLeft + column * size + dx;
            const y = top + row * size + dy;
            if (x < 0 || y < 0 || x >= png.width || y >= png.height) continue;
            const offset = (y * png.width + x) * 4;
            png.data.set(rgb, offset);
            png.data[offset + 3] = 255;
          }
        }
      }
    }
  });
}
