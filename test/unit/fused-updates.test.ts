import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { AdamOptimizer } from '../../src/engine/autoencoder/optimizers.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
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
    it('give the same Adam step as the tf-op formulation, updating the moments in place and nothing else', async () => {
      await initBackend(backend);
      const rng = new SeededRandom(3);
      const [p, g, m] = [randomTensor([37, 23], rng), randomTensor([37, 23], rng, 0.1), randomTensor([37, 23], rng, 0.01)];
      const v = tf.abs(randomTensor([37, 23], rng, 0.001));
      const [pBefore, gBefore] = [p.dataSync().slice(), g.dataSync().slice()];
      const attrs = { beta1: 0.9, beta2: 0.999, stepSize: 0.003, epsilon: 1e-8 };
      const copy = (t: tf.Tensor) => tf.tensor(t.dataSync().slice(), t.shape);
      const fusedMoments = { m: copy(m), v: copy(v) };
      const referenceMoments = { m: copy(m), v: copy(v) };
      const [fusedM, fusedV] = [fusedMoments.m, fusedMoments.v];
      const tensorsBefore = tf.memory().numTensors;
      const fused = adamStep(p, g, fusedMoments, attrs, true);
      // One new tensor, the parameter; the moments are the same tensors with new values.
      expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
      expect(fusedMoments.m).toBe(fusedM);
      expect(fusedMoments.v).toBe(fusedV);
      const reference = adamStep(p, g, referenceMoments, attrs, false);
      expect(maxDifference(fused, reference)).toBeLessThan(1e-6);
      expect(maxDifference(fusedMoments.m, referenceMoments.m)).toBeLessThan(1e-7);
      // v is about 1e-3: 1e-8 is a few float32 rounding steps of the SIMD kernel's single precision.
      expect(maxDifference(fusedMoments.v, referenceMoments.v)).toBeLessThan(1e-8);
      expect(maxDifference(fusedMoments.m, m)).toBeGreaterThan(1e-3);
      expect(maxDifference(fused, p)).toBeGreaterThan(1e-4);
      expect(Array.from(p.dataSync())).toEqual(Array.from(pBefore));
      expect(Array.from(g.dataSync())).toEqual(Array.from(gBefore));
    });

    it('keep an optimizer fused or on tf ops in step over several updates made inside tidy scopes', async () => {
      await initBackend(backend);
      const sizes = [12, 6, 3];
      const nets = [true, false].map(() => Autoencoder.random(sizes, 'glorot-uniform', 0.1, new SeededRandom(9)));
      const optimizers = [true, false].map((fused, k) => new AdamOptimizer(nets[k], 0.01, undefined, 0.9, 0.999, 1e-8, fused));
      const rng = new SeededRandom(10);
      const before = tf.memory().numTensors;
      for (let step = 0; step < 3; step++) {
        const gradients = nets[0].layers.flatMap((l) => [randomTensor(l.weights.shape, rng, 0.1), randomTensor(l.bias.shape, rng, 0.1)]);
        // Inside tidy, as a training loop may be: the moments must survive the scope.
        optimizers.forEach((optimizer, k) => tf.tidy(() => optimizer.step(nets[k], gradients)));
        gradients.forEach((g) => g.dispose());
      }
      expect(tf.memory().numTensors).toBe(before);
      const others = await nets[1].toArrays();
      (await nets[0].toArrays()).forEach((values, i) => {
        const other = others[i];
        values.forEach((v, j) => expect(Math.abs(v - other[j])).toBeLessThan(1e-6));
      });
      expect(Object.values(await optimizers[1].state()).every((values) => values.every(Number.isFinite))).toBe(true);
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
