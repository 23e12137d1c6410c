import type { ImageSet } from '../../src/engine/data/types.ts';
import { SeededRandom } from '../../src/engine/random.ts';

/**
 * A stand-in for MNIST: each digit is its own fixed blob of strokes on a black 28x28 canvas,
 * the same for every seed, with per-sample ink intensity drawn from the seed, so that shape identifies the digit and the background is exactly 0.
 */
export function syntheticDigits(count: number, seed: number): ImageSet {
  const shapes = new SeededRandom(20_060_728);
  const random = new SeededRandom(seed);
  const size = 28;
  const templates = Array.from({ length: 10 }, () => {
    const mask = new Float32Array(size * size);
    for (let stroke = 0; stroke < 4; stroke++) {
      const row = 4 + shapes.int(20);
      const col = 4 + shapes.int(20);
      const horizontal = shapes.next() < 0.5;
      for (let t = -4; t <= 4; t++) {
        const r = horizontal ? row : Math.min(size - 1, Math.max(0, row + t));
        const c = horizontal ? Math.min(size - 1, Math.max(0, col + t)) : col;
        mask[r * size + c] = 1;
      }
    }
    return mask;
  });
  const images = new Float32Array(count * size * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const digit = i % 10;
    labels[i] = digit;
    const template = templates[digit];
    for (let p = 0; p < size * size; p++) {
      if (template[p] > 0) images[i * size * size + p] = 0.6 + 0.4 * random.next();
    }
  }
  return { images, labels, count, dim: size * size, height: size, width: size, channels: 1 };
}
