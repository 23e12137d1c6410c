import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { imageGridToPng } from '../../src/engine/figures/image-grid-png.ts';
import type { ImageGrid } from '../../src/shared/results.ts';

function pixel(png: PNG, x: number, y: number): number[] {
  const offset = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(offset, offset + 3));
}

describe('image grid PNG', () => {
  it('draws grayscale images scaled, with white gaps, at the right size', () => {
    // 2x3 images: pixel (row 1, col 2) of the second image in the second row is 0.5.
    const blank = new Array(6).fill(0);
    const marked = [...blank];
    marked[1 * 3 + 2] = 0.5;
    const grid: ImageGrid = {
      rows: [
        { label: 'original', images: [blank, blank] },
        { label: 'pca', images: [blank, marked] },
      ],
      height: 2,
      width: 3,
      channels: 1,
      digits: [0, 1],
    };
    const png = PNG.sync.read(imageGridToPng(grid, { scale: 4, gap: 1 }));
    expect(png.width).toBe(1 + 2 * (3 * 4 + 1));
    expect(png.height).toBe(1 + 2 * (2 * 4 + 1));
    // Second row starts at y = 1 + 8 + 1 = 10, second column at x = 1 + 12 + 1 = 14.
    const x = 14 + 2 * 4 + 3;
    const y = 10 + 1 * 4 + 3;
    expect(pixel(png, x, y)).toEqual([128, 128, 128]);
    expect(pixel(png, 14, 10)).toEqual([0, 0, 0]);
    expect(pixel(png, 0, 0)).toEqual([255, 255, 255]);
    expect(pixel(png, 13, 5)).toEqual([255, 255, 255]);
  });

  it('draws 3-channel images in colour, clamping values outside [0,1]', () => {
    const image = [1, 0, 0, 0, 2, -1]; // a red pixel, then a green one after clamping
    const grid: ImageGrid = { rows: [{ label: 'colour', images: [image] }], height: 1, width: 2, channels: 3, digits: [3] };
    const png = PNG.sync.read(imageGridToPng(grid, { scale: 1, gap: 0 }));
    expect([png.width, png.height]).toEqual([2, 1]);
    expect(pixel(png, 0, 0)).toEqual([255, 0, 0]);
    expect(pixel(png, 1, 0)).toEqual([0, 255, 0]);
  });

  it('names the row and the expected size of a wrong-sized image, and the range of a bad option', () => {
    const grid: ImageGrid = { rows: [{ label: 'random', images: [[0, 0, 0]] }], height: 2, width: 2, channels: 1, digits: [0] };
    expect(() => imageGridToPng(grid)).toThrow(/row "random" image 0 has 3 values; expected 4 \(2x2x1\)/);
    expect(() => imageGridToPng({ ...grid, rows: [{ label: 'x', images: [[0, 0, 0, 0]] }] }, { scale: 0 })).toThrow(
      /scale must be an integer from 1 to 32 \(got 0\)/,
    );
  });
});
