import type { ImageSet } from '../data/types.ts';

/** Channel-last images shrunk by averaging each `factor` x `factor` patch (edges that do not fill a patch are dropped). */
export function averagePool(set: ImageSet, factor: number): ImageSet {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`pooling factor must be a positive integer (got ${factor})`);
  if (factor === 1) return set;
  const { height, width, channels } = set;
  const outHeight = Math.floor(height / factor);
  const outWidth = Math.floor(width / factor);
  if (outHeight < 1 || outWidth < 1) throw new Error(`pooling factor ${factor} is larger than the ${height}x${width} images`);
  const outDim = outHeight * outWidth * channels;
  const images = new Float32Array(set.count * outDim);
  const scale = 1 / (factor * factor);
  for (let i = 0; i < set.count; i++) {
    const source = i * set.dim;
    const target = i * outDim;
    for (let y = 0; y < outHeight * factor; y++) {
      const outRow = Math.floor(y / factor) * outWidth;
      for (let x = 0; x < outWidth * factor; x++) {
        const from = source + (y * width + x) * channels;
        const to = target + (outRow + Math.floor(x / factor)) * channels;
        for (let c = 0; c < channels; c++) images[to + c] += set.images[from + c] * scale;
      }
    }
  }
  return { ...set, images, dim: outDim, height: outHeight, width: outWidth };
}
