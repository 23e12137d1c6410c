import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { AdamOptimizer } from '../../src/engine/autoencoder/optimizers.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';

// A 2-1-2 autoencoder: parameters w0 (2x1), b0 (1), w1 (1x2), b1 (2), seven numbers in all.
const SIZES = [2, 1];
const INITIAL = [[0.5, -0.3], [0.1], [0.2, -0.7], [0.05, 0]];
// Gradients per step: different magnitudes, a sign change and a zero, so the moments and the bias correction all matter.
const GRADIENTS = [
  [[0.2, -1.5], [0.01], [3, -0.4], [0, 0.8]],
  [[0.1, -1.0], [-0.02], [2, 0.4], [0, 0.6]],
  [[-0.3, -0.5], [0.03], [1, 0.1], [0.5, 0.2]],
  [[0.4, 0.2], [-0.01], [-2, -0.3], [0.1, -0.9]],
];

/** Kingma & Ba's algorithm 1 in double precision: m̂ = m/(1-β1ᵗ), v̂ = v/(1-β2ᵗ), θ -= α m̂/(√v̂ + ε). */
function handAdam(lr: number, steps: number): number[][] {
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  const theta = INITIAL.map((p) => [...p]);
  const m = INITIAL.map((p) => p.map(() => 0));
  const v = INITIAL.map((p) => p.map(() => 0));
  for (let t = 1; t <= steps; t++) {
    theta.forEach((param, i) =>
      param.forEach((_, j) => {
        const g = GRADIENTS[t - 1][i][j];
        m[i][j] = beta1 * m[i][j] + (1 - beta1) * g;
        v[i][j] = beta2 * v[i][j] + (1 - beta2) * g * g;
        const mHat = m[i][j] / (1 - beta1 ** t);
        const vHat = v[i][j] / (1 - beta2 ** t);
        param[j] -= (lr * mHat) / (Math.sqrt(vHat) + epsilon);
      }),
    );
  }
  return theta;
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`Adam on ${backend}`, () => {
    it('follows the hand-computed algorithm, bias correction included, for four steps', async () => {
      await initBackend(backend);
      const net = Autoencoder.fromArrays(SIZES, INITIAL.map((p) => Float32Array.from(p)), 'test');
      const lr = 0.01;
      const adam = new AdamOptimizer(net, lr);
      for (let step = 1; step <= GRADIENTS.length; step++) {
        const gradients = GRADIENTS[step - 1].map((g, i) => tf.tensor(g, net.layers[i >> 1][i % 2 === 0 ? 'weights' : 'bias'].shape));
        adam.step(net, gradients);
        gradients.forEach((g) => g.dispose());
        const expected = handAdam(lr, step);
        (await net.toArrays()).forEach((values, i) => values.forEach((value, j) => expect(value).toBeCloseTo(expected[i][j], 6)));
      }
      // After one step the corrected update is ±lr wherever the gradient is not zero (m̂/√v̂ = sign g).
      expect(handAdam(lr, 1)[0][0]).toBeCloseTo(0.5 - lr, 6);
      expect(adam.stepCount()).toBe(4);
      adam.dispose();
      net.layers.forEach((l) => tf.dispose([l.weights, l.bias]));
    });
  });
}
