import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ConjugateGradientUpdater } from '../../src/engine/autoencoder/conjugate-gradient.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { clonePreset } from '../../src/shared/presets.ts';

// f(θ) = ½ Σ λᵢ θᵢ² - Σ bᵢ θᵢ over the seven parameters of a 2-1-2 autoencoder: minimum at θᵢ = bᵢ/λᵢ, condition number 100.
const EIGENVALUES = [1, 2, 5, 10, 20, 50, 100];
const LINEAR = [1, -2, 3, 0.5, -1, 4, 2];
const OPTIMUM = LINEAR.map((b, i) => b / EIGENVALUES[i]);
const MINIMUM = -0.5 * LINEAR.reduce((s, b, i) => s + (b * b) / EIGENVALUES[i], 0);

function quadraticValue(theta: number[]): number {
  return theta.reduce((s, t, i) => s + 0.5 * EIGENVALUES[i] * t * t - LINEAR[i] * t, 0);
}

// The minimiser sees the quadratic in place of the autoencoder's loss (summed over the "batch", as the real loss is).
vi.mock('../../src/engine/autoencoder/gradients.ts', () => ({
  lossAndGradients: (net: Autoencoder, input: tf.Tensor2D) =>
    tf.tidy(() => {
      const parameters = net.layers.flatMap((l) => [l.weights, l.bias]);
      const theta = tf.concat(parameters.map((p) => tf.reshape(p, [-1])));
      const lambda = tf.tensor1d(EIGENVALUES);
      const b = tf.tensor1d(LINEAR);
      const value = tf.sub(tf.mul(0.5, tf.sum(tf.mul(lambda, tf.square(theta)))), tf.sum(tf.mul(b, theta)));
      const gradient = tf.sub(tf.mul(lambda, theta), b);
      let offset = 0;
      const gradients = parameters.map((p) => {
        const part = tf.reshape(tf.slice(gradient, [offset], [p.size]), p.shape);
        offset += p.size;
        return part;
      });
      return { lossSum: tf.mul(value, input.shape[0]) as tf.Scalar, squaredErrorSum: tf.scalar(0), gradients };
    }),
}));

function startingNet(): Autoencoder {
  return Autoencoder.fromArrays([2, 1], [Float32Array.of(1, 1), Float32Array.of(1), Float32Array.of(1, 1), Float32Array.of(1, 1)], 'test');
}

async function flat(net: Autoencoder): Promise<number[]> {
  return (await net.toArrays()).flatMap((a) => Array.from(a));
}

async function gapAfter(calls: number, lineSearches: number): Promise<number> {
  const net = startingNet();
  const updater = new ConjugateGradientUpdater({ ...clonePreset('paper').finetune, lineSearches }, 0);
  const batch = tf.zeros([4, 2]) as tf.Tensor2D;
  for (let call = 0; call < calls; call++) tf.dispose(Object.values(await updater.update(net, batch)));
  const gap = quadraticValue(await flat(net)) - MINIMUM;
  batch.dispose();
  return gap;
}

describe("conjugate gradients (minimize.m's line searches) on a quadratic", () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('reaches the minimum of a 7-d quadratic in about 7 line searches, where steepest descent is still far off', async () => {
    const start = quadraticValue(await flat(startingNet())) - MINIMUM;
    expect(start).toBeGreaterThan(50);
    // Conjugate directions: n + 1 line searches in one call (one restart) reach the minimum to float32 precision.
    const cg = await gapAfter(1, EIGENVALUES.length + 1);
    expect(cg).toBeLessThan(1e-4);
    const net = startingNet();
    const updater = new ConjugateGradientUpdater({ ...clonePreset('paper').finetune, lineSearches: EIGENVALUES.length + 1 }, 0);
    tf.dispose(Object.values(await updater.update(net, tf.zeros([4, 2]) as tf.Tensor2D)));
    (await flat(net)).forEach((t, i) => expect(t).toBeCloseTo(OPTIMUM[i], 2));
    // Steepest descent with the same line search: one line search per call restarts along -∇f every time.
    const steepest = await gapAfter(EIGENVALUES.length + 1, 1);
    expect(steepest).toBeGreaterThan(1e-2);
    expect(steepest).toBeGreaterThan(100 * cg);
  });
});
