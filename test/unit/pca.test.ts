import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { loadMnist } from '../../src/engine/data/load.ts';
import { fitPca, pcaEncode, pcaReconstruct } from '../../src/engine/eval/pca.ts';
import { sumSquaredErrorPerImage } from '../../src/engine/eval/sse.ts';
import { SeededRandom } from '../../src/engine/random.ts';

beforeAll(async () => {
  await initBackend();
});

/** Points a*u + b*v + offset in 5-d, with a ~ N(0, 3^2) and b ~ N(0, 1). */
function planeData(count: number): { images: Float32Array; u: number[]; v: number[] } {
  const u = [1, 1, 0, 0, 0].map((x) => x / Math.SQRT2);
  const v = [0, 0, 1, -1, 1].map((x) => x / Math.sqrt(3));
  const offset = [0.5, -1, 2, 0, 1];
  const random = new SeededRandom(11);
  const images = new Float32Array(count * 5);
  for (let i = 0; i < count; i++) {
    const a = 3 * random.normal();
    const b = random.normal();
    for (let j = 0; j < 5; j++) images[i * 5 + j] = a * u[j] + b * v[j] + offset[j];
  }
  return { images, u, v };
}

describe('PCA', () => {
  it('finds the directions and variances of data lying on a plane and rebuilds it exactly', async () => {
    const count = 2000;
    const { images, u, v } = planeData(count);
    const model = await fitPca(images, count, 5, 2);
    const first = Array.from(model.components.subarray(0, 5));
    const second = Array.from(model.components.subarray(5, 10));
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
    // The sample's own a-b correlation tilts the plane's axes by about 0.01 rad.
    expect(Math.abs(dot(first, u))).toBeCloseTo(1, 3);
    expect(Math.abs(dot(second, v))).toBeCloseTo(1, 3);
    expect(dot(first, second)).toBeCloseTo(0, 5);
    expect(model.variances[0]).toBeGreaterThan(8.2);
    expect(model.variances[0]).toBeLessThan(9.8);
    expect(model.variances[1]).toBeGreaterThan(0.9);
    expect(model.variances[1]).toBeLessThan(1.1);
    const codes = await pcaEncode(model, images, count);
    expect(codes.length).toBe(count * 2);
    const rebuilt = await pcaReconstruct(model, codes, count);
    expect(sumSquaredErrorPerImage(rebuilt, images, count, 5)).toBeLessThan(1e-8);
  });

  it('keeps the variance it does not model as reconstruction error', async () => {
    const count = 2000;
    const { images } = planeData(count);
    const oneComponent = await fitPca(images, count, 5, 1);
    const rebuilt = await pcaReconstruct(oneComponent, await pcaEncode(oneComponent, images, count), count);
    // What is lost per point is the variance along the second direction (sample variance, divided by n).
    const lost = ((await fitPca(images, count, 5, 2)).variances[1] * (count - 1)) / count;
    expect(lost).toBeGreaterThan(0.9);
    expect(Math.abs(sumSquaredErrorPerImage(rebuilt, images, count, 5) - lost)).toBeLessThan(1e-3 * lost);
  });

  it('handles constant features, also when more components are asked for than features vary', async () => {
    const count = 500;
    const { images } = planeData(count);
    const padded = new Float32Array(count * 6);
    for (let i = 0; i < count; i++) {
      padded.set(images.subarray(i * 5, i * 5 + 5), i * 6);
      padded[i * 6 + 5] = 0.25;
    }
    const two = await fitPca(padded, count, 6, 2);
    expect(two.components[5]).toBe(0);
    expect(two.components[11]).toBe(0);
    const rebuilt = await pcaReconstruct(two, await pcaEncode(two, padded, count), count);
    expect(sumSquaredErrorPerImage(rebuilt, padded, count, 6)).toBeLessThan(1e-8);
    const six = await fitPca(padded, count, 6, 6);
    for (let a = 0; a < 6; a++) {
      let norm = 0;
      for (let j = 0; j < 6; j++) norm += six.components[a * 6 + j] ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(six.variances[1]).toBeCloseTo(two.variances[1], 4);
    expect(six.variances[5]).toBeLessThan(1e-6);
  });

  it('rejects a component count outside 1..dim, naming the range', async () => {
    await expect(fitPca(new Float32Array(10), 2, 5, 6)).rejects.toThrow(/PCA components must be an integer from 1 to 5 \(got 6\)/);
  });

  it('reproduces the published MNIST figure: 30 components, 60,000 training images, test error 13.87', async () => {
    const { train, test } = await loadMnist();
    const model = await fitPca(train.images, train.count, train.dim, 30);
    const rebuilt = await pcaReconstruct(model, await pcaEncode(model, test.images, test.count), test.count);
    const error = sumSquaredErrorPerImage(rebuilt, test.images, test.count, test.dim);
    expect(Math.abs(error - 13.87)).toBeLessThan(0.05);
  });
});
