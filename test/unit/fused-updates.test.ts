import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { adamStep, momentumStep } from '../../src/engine/fused-updates.ts';
import { SeededRandom } from '../../src/engine/random.ts';

function randomTensor(shape: number[], rng: SeededRandom, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.normal() * scale), shape);
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`fused parameter updates on ${backend}`, () => {
    it('give the same Adam step as the tf-op formulation and leave their inputs untouched', async () => {
      await initBackend(backend);
      const rng = new SeededRandom(3);
      const [p, g, m] = [randomTensor([37, 23], rng), randomTensor([37, 23], rng, 0.1), randomTensor([37, 23], rng, 0.01)];
      const v = tf.abs(randomTensor([37, 23], rng, 0.001));
      const before = p.dataSync().slice();
      const attrs = { beta1: 0.9, beta2: 0.999, stepSize: 0.003, epsilon: 1e-8 };
      const fused = adamStep(p, g, m, v, attrs, true);
      const reference = adamStep(p, g, m, v, attrs, false);
      expect(maxDifference(fused.param, reference.param)).toBeLessThan(1e-6);
      expect(maxDifference(fused.m, reference.m)).toBeLessThan(1e-7);
      // v is about 1e-3: 1e-8 is a few float32 rounding steps of the SIMD kernel's single precision.
      expect(maxDifference(fused.v, reference.v)).toBeLessThan(1e-8);
      expect(maxDifference(fused.param, p)).toBeGreaterThan(1e-4);
      expect(Array.from(p.dataSync())).toEqual(Array.from(before));
    });

    it('give the same momentum step with weight decay as the tf-op formulation', async () => {
      await initBackend(backend);
      const rng = new SeededRandom(4);
      const [p, inc, term] = [randomTensor([1000], rng), randomTensor([1000], rng, 0.01), randomTensor([1000], rng, 0.01)];
      const attrs = { momentum: 0.9, decay: 0.00002 };
      const fused = momentumStep(p, inc, term, attrs, true);
      const reference = momentumStep(p, inc, term, attrs, false);
      expect(maxDifference(fused.param, reference.param)).toBeLessThan(1e-6);
      expect(maxDifference(fused.increment, reference.increment)).toBeLessThan(1e-7);
      // p' - p is exactly the new increment.
      expect(maxDifference(tf.sub(fused.param, p), fused.increment)).toBeLessThan(1e-6);
    });
  });
}
