import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryModuleText, BINARY_MODULE_PATH, compileKernels, WAT_PATH } from '../../scripts/build-wasm-kernels.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { multiplyByTranspose, multiplyByWeights, transpose2d } from '../../src/engine/linear-algebra.ts';
import { SeededRandom } from '../../src/engine/random.ts';
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

  it('transpose exactly, for shapes with and without whole 4x4 blocks', async () => {
    await initBackend('wasm');
    const rng = new SeededRandom(2);
    for (const [rows, cols] of [[1, 1], [1, 7], [7, 1], [4, 4], [8, 12], [30, 250], [250, 30], [101, 783], [784, 1000]]) {
      const x = randomMatrix(rows, cols, rng);
      const t = transpose2d(x);
      expect(t.shape).toEqual([cols, rows]);
      expect(Array.from(t.dataSync())).toEqual(Array.from(tf.transpose(x).dataSync()));
      [x, t].forEach((tensor) => tensor.dispose());
    }
  });

  it('give the same products through transposes as a plain matMul', async () => {
    await initBackend('wasm');
    const rng = new SeededRandom(3);
    const rows = randomMatrix(10, 37, rng);
    const weights = randomMatrix(37, 22, rng);
    expect(maxDifference(multiplyByWeights(rows, weights), tf.matMul(rows, weights))).toBeLessThan(1e-4);
    const upstream = randomMatrix(10, 22, rng);
    expect(maxDifference(multiplyByTranspose(upstream, weights), tf.matMul(upstream, tf.transpose(weights)))).toBeLessThan(1e-4);
  });
});
