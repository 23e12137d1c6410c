import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { binaryModuleText, BINARY_MODULE_PATH, compileKernels, WAT_PATH } from '../../scripts/build-wasm-kernels.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { columnSums, multiplyByTranspose, multiplyByWeights, transpose2d } from '../../src/engine/linear-algebra.ts';
import { nativeProductsActive, setNativeProducts } from '../../src/engine/native-blas/products.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { sampleBernoulli } from '../../src/engine/rbm/bernoulli.ts';
import { wasmKernelsOf, type WasmBackendLike } from '../../src/engine/wasm-kernels/instance.ts';

function randomMatrix(rows: number, cols: number, rng: SeededRandom): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]);
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
}

describe('the workbench WebAssembly kernels', () => {
  it('ship a binary compiled from kernels.wat as it is now (npm run build:kernels)', async () => {
    const binary = await compileKernels(readFileSync(WAT_PATH, 'utf8'));
    expect(readFileSync(BINARY_MODULE_PATH, 'utf8')).toBe(binaryModuleText(binary));
  });

  it('bind to the wasm backend heap, so its updates and transposes run as SIMD code', async () => {
    await initBackend('wasm');
    expect(wasmKernelsOf(tf.backend() as unknown as WasmBackendLike)).toBeDefined();
    const before = tf.memory().numTensors;
    const x = randomMatrix(3, 5, new SeededRandom(1));
    const t = transpose2d(x);
    // The SIMD transpose is its own kernel, not tf's Transpose.
    const profile = await tf.profile(() => transpose2d(x).dispose());
    expect(profile.kernelNames).toEqual(['WorkbenchTranspose']);
    [x, t].forEach((tensor) => tensor.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('transpose exactly, for shapes with and without whole 4x4 blocks and 32x32 tiles', async () => {
    await initBackend('wasm');
    const rng = new SeededRandom(2);
    for (const [rows, cols] of [[1, 1], [1, 7], [7, 1], [4, 4], [8, 12], [68, 36], [36, 68], [30, 250], [250, 30], [101, 783], [784, 1000]]) {
      const x = randomMatrix(rows, cols, rng);
      const t = transpose2d(x);
      expect(t.shape).toEqual([cols, rows]);
      expect(Array.from(t.dataSync())).toEqual(Array.from(tf.transpose(x).dataSync()));
      [x, t].forEach((tensor) => tensor.dispose());
    }
  });

  it('on XNNPACK, multiply a small batch by large weights through transposes, with the same result as a plain matMul', async () => {
    await initBackend('wasm');
    const blasWasOn = nativeProductsActive();
    setNativeProducts(false);
    onTestFinished(() => void setNativeProducts(blasWasOn));
    const rng = new SeededRandom(3);
    const weights = randomMatrix(260, 40, rng);
    const kernelsOf = async (rows: tf.Tensor2D) => (await tf.profile(() => multiplyByWeights(rows, weights).dispose())).kernelNames;
    const small = randomMatrix(10, 260, rng);
    expect(maxDifference(multiplyByWeights(small, weights), tf.matMul(small, weights))).toBeLessThan(1e-4);
    expect(await kernelsOf(small)).toContain('WorkbenchTranspose');
    // A batch as large as the layer keeps the plain product (the transposes would cost more).
    const large = randomMatrix(100, 260, rng);
    expect(await kernelsOf(large)).toEqual(['BatchMatMul']);
    const upstream = randomMatrix(10, 40, rng);
    expect(maxDifference(multiplyByTranspose(upstream, weights), tf.matMul(upstream, tf.transpose(weights)))).toBeLessThan(1e-4);
  });

  it('sum columns in one kernel, to float rounding of tf.sum over the rows', async () => {
    await initBackend('wasm');
    const rng = new SeededRandom(4);
    for (const [rows, cols] of [[1, 1], [1, 9], [100, 30], [100, 1000], [7, 783]]) {
      const x = randomMatrix(rows, cols, rng);
      const profile = await tf.profile(() => columnSums(x).dispose());
      expect(profile.kernelNames).toEqual(['WorkbenchColumnSums']);
      const sums = columnSums(x);
      expect(sums.shape).toEqual([cols]);
      expect(maxDifference(sums, tf.sum(x, 0))).toBeLessThan(1e-4 * Math.sqrt(rows));
      [x, sums].forEach((tensor) => tensor.dispose());
    }
  });

  it('sample binary states with the given probabilities, reproducibly per seed', async () => {
    await initBackend('wasm');
    const probabilities = [0.02, 0.25, 0.5, 0.9];
    const images = 2503; // not a multiple of 4: the scalar tail draws too
    const p = tf.tensor2d(Array.from({ length: images * probabilities.length }, (_, i) => probabilities[i % probabilities.length]), [images, probabilities.length]);
    const states = sampleBernoulli(p, 12345);
    const values = states.dataSync();
    expect(new Set(values)).toEqual(new Set([0, 1]));
    probabilities.forEach((probability, unit) => {
      let ones = 0;
      for (let i = 0; i < images; i++) ones += values[i * probabilities.length + unit];
      // Within four standard deviations of a binomial count.
      expect(Math.abs(ones / images - probability)).toBeLessThan(4 * Math.sqrt((probability * (1 - probability)) / images));
    });
    // Neighbouring units are independent: P(both of units 2 and 2') ~ 0.25 for the p = 0.5 column pairs.
    let both = 0;
    for (let i = 0; i + 1 < images; i += 2) both += values[i * 4 + 2] * values[(i + 1) * 4 + 2];
    expect(Math.abs(both / Math.floor(images / 2) - 0.25)).toBeLessThan(0.05);
    expect(Array.from(sampleBernoulli(p, 12345).dataSync())).toEqual(Array.from(values));
    const other = sampleBernoulli(p, 12346).dataSync();
    expect(other.some((v, i) => v !== values[i])).toBe(true);
  });
});
