import type { ImageGrid } from '../../shared/results.ts';
import type { ImageSet } from '../data/types.ts';

/** The first `perClass` test images of each digit, in digit order: the fixed reconstruction panel. */
export function reconstructionDigits(test: ImageSet, perClass = 2, classes = 10): number[] {
  const picked: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < test.count; i++) {
    const label = test.labels[i];
    if (label < classes && picked[label].length < perClass) picked[label].push(i);
  }
  return picked.flat();
}

export function gatherImages(set: ImageSet, indices: number[]): Float32Array {
  const out = new Float32Array(indices.length * set.dim);
  indices.forEach((row, i) => out.set(set.images.subarray(row * set.dim, (row + 1) * set.dim), i * set.dim));
  return out;
}

function rowsOf(flat: Float32Array, count: number, dim: number): number[][] {
  return Array.from({ length: count }, (_, i) => Array.from(flat.subarray(i * dim, (i + 1) * dim), (v) => Math.round(v * 1000) / 1000));
}

/** Builds the grid: originals first, then one row per reconstruction, in the order given. */
export function buildGrid(test: ImageSet, indices: number[], rows: { label: string; images: Float32Array }[]): ImageGrid {
  const originals = gatherImages(test, indices);
  return {
    height: test.height,
    width: test.width,
    channels: test.channels,
    digits: indices.map((i) => test.labels[i]),
    rows: [{ label: 'original', images: rowsOf(originals, indices.length, test.dim) }, ...rows.map((r) => ({ label: r.label, images: rowsOf(r.images, indices.length, test.dim) }))],
  };
}
