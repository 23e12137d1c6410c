import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { imageGridToPng } from '../../src/engine/figures/image-grid-png.ts';
import { textHeight, textWidth } from '../../src/engine/figures/bitmap-text.ts';
import type { ImageGrid } from '../../src/shared/results.ts';
import { firstDifference, inkIn, pixel } from './png-pixels.ts';

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

  it('names each row in a left margin and leaves the grid cells as they were', () => {
    // Light gray digits, so that label ink (dark) is told apart from image pixels.
    const image = (shade: number) => new Array(28 * 28).fill(shade);
    const labels = ['original', 'pretrained', 'random', 'pca'];
    const grid: ImageGrid = {
      rows: labels.map((label, r) => ({ label, images: [image(0.7 + r * 0.05), image(0.9)] })),
      height: 28,
      width: 28,
      channels: 1,
      digits: [0, 1],
    };
    const plain = PNG.sync.read(imageGridToPng(grid, { scale: 2 }));
    const labelled = PNG.sync.read(imageGridToPng(grid, { scale: 2, rowLabels: true }));
    const margin = labelled.width - plain.width;
    // The widest name, 'pretrained', plus 8 pixels of padding either side.
    expect(margin).toBe(textWidth('pretrained', 2) + 16);
    expect(labelled.height).toBe(plain.height);
    expect(firstDifference(labelled, margin, plain)).toBeUndefined();

    const cellHeight = 28 * 2;
    labels.forEach((_, r) => {
      const rowTop = 2 + r * (cellHeight + 2);
      expect(inkIn(labelled, 0, rowTop, margin, cellHeight), `ink of row ${r}'s name`).toBeGreaterThan(40);
      // Names are right-aligned against the grid, 8 pixels clear of it.
      expect(inkIn(labelled, margin - 8, rowTop, 8, cellHeight)).toBe(0);
    });
    // 'pca' is named 'PCA', vertically centred: all the ink of its row's margin lies in that text's box.
    const pcaRowTop = 2 + 3 * (cellHeight + 2);
    const pcaTop = pcaRowTop + (cellHeight - textHeight(2)) / 2;
    const pcaLeft = margin - 8 - textWidth('PCA', 2);
    expect(inkIn(labelled, pcaLeft, pcaTop, textWidth('PCA', 2), textHeight(2))).toBe(inkIn(labelled, 0, pcaRowTop, margin, cellHeight));
    expect(inkIn(labelled, pcaLeft - 2, pcaTop, 2, textHeight(2))).toBe(0);
    expect(pixel(labelled, pcaLeft, pcaTop)).toEqual([34, 34, 34]); // the P's top-left corner
  });
});
