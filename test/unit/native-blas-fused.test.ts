import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchUpdater } from '../../src/engine/autoencoder/batch-update.ts';
import { backThroughLogistic, denseLayer } from '../../src/engine/autoencoder/logistic-units.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { adamAttrs, adamStep, momentumStep, type AdamMoments } from '../../src/engine/fused-updates.ts';
import { nativeAdamStep, nativeMomentumStep } from '../../src/engine/native-blas/updates.ts';
import { setBlasThreads, setNativeProducts } from '../../src/engine/native-blas/products.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import { nativeBlasAddon, needs } from '../support/prerequisites.ts';
import { relativeError } from '../support/relative-error.ts';

const addonBuilt = nativeBlasAddon();

function uniform(shape: number[], rng: SeededRandom, low: number, high: number): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => low + (high - low) * rng.next()), shape);
}

const read = (t: tf.Tensor) => t.dataSync() as Float32Array;

/** How many of the arrays' elements differ (toEqual is slow on arrays of a million floats). */
function differences(xs: Float32Array[], ys: Float32Array[]): number {
  expect(xs.map((x) => x.length)).toEqual(ys.map((y) => y.length));
  let count = 0;
  xs.forEach((x, i) => x.forEach((value, j) => (count += Object.is(value, ys[i][j]) ? 0 : 1)));
  return count;
}

/** Three Adam steps of a 784-400-100-30 autoencoder on 20 images; the parameters after them. */
async function adamSteps(native: boolean, threads: number): Promise<Float32Array[]> {
  setNativeProducts(native);
  setBlasThreads(threads);
  const rng = new SeededRandom(11);
  const net = Autoencoder.random([784, 400, 100, 30], 'glorot-uniform', 0.1, rng);
  const updater = createBatchUpdater(net, { ...clonePreset('quick').finetune, learningRate: 0.01, weightDecay: 0.0001 });
  const data = uniform([20, 784], rng, 0, 1) as tf.Tensor2D;
  for (let step = 0; step < 3; step++) {
    const { lossSum, squaredErrorSum } = await updater.update(net, data);
    [lossSum, squaredErrorSum].forEach((t) => t.dispose());
  }
  const values = await net.toArrays();
  updater.dispose();
  data.dispose();
  net.dispose();
  return values;
}

describe.runIf(needs(addonBuilt, 'test/unit/native-blas-fused.test.ts'))('the native BLAS\'s fused layer kernels and Adam step', () => {
  beforeAll(async () => {
    const info = await initBackend('wasm');
    expect(info.products?.path).toBe('blas');
  });
  afterAll(() => {
    setNativeProducts(true);
    setBlasThreads(2);
  });

  it('compute σ(x W + b) in one call as tf ops on XNNPACK do, to 1e-5 relative element by element, saturated logits included', () => {
    const rng = new SeededRandom(3);
    const [x, w, b] = [uniform([37, 53], rng, -1, 1), uniform([53, 29], rng, -1.5, 1.5), uniform([29], rng, -40, 40)] as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    setNativeProducts(true);
    const fused = read(denseLayer(x, w, b, true));
    const linear = read(denseLayer(x, w, b, false));
    setNativeProducts(false);
    const z = read(tf.add(tf.matMul(x, w), b));
    const reference = read(tf.sigmoid(tf.add(tf.matMul(x, w), b)));
    expect(relativeError(linear, z)).toBeLessThan(1e-6);
    let saturated = 0;
    for (let i = 0; i < reference.length; i++) {
      // 1 / (1 + e^-z) in double precision from the float logit: the reference for every element
      const exact = 1 / (1 + Math.exp(-z[i]));
      if (exact > 1e-30) expect(Math.abs(fused[i] - exact) / exact).toBeLessThan(1e-5);
      else expect(fused[i]).toBeLessThan(1e-30);
      if (Math.abs(z[i]) > 20) saturated++;
    }
    expect(saturated).toBeGreaterThan(50);
    expect(relativeError(fused, reference)).toBeLessThan(1e-5);
  });

  it('take a gradient back through a logistic layer in one call: delta Wᵀ · y (1 - y), to 1e-5 of the tf ops', () => {
    const rng = new SeededRandom(4);
    const [delta, w, y] = [uniform([20, 31], rng, -1, 1), uniform([43, 31], rng, -1, 1), uniform([20, 43], rng, 0, 1)] as tf.Tensor2D[];
    setNativeProducts(true);
    const fused = read(backThroughLogistic(delta, w, y));
    setNativeProducts(false);
    const reference = read(tf.mul(tf.matMul(delta, w, false, true), tf.mul(y, tf.sub(1, y))));
    expect(relativeError(fused, reference)).toBeLessThan(1e-5);
  });

  it('update every parameter by Adam in one native call, on one to three threads the same to the bit as the SIMD kernel and to 1e-5 of the tf ops', () => {
    const rng = new SeededRandom(6);
    // 560,018 floats in all: enough for the call to use every thread; odd sizes test the tails.
    const shapes = [[700, 800], [13], [5]];
    const params = shapes.map((s) => uniform(s, rng, -1, 1));
    const grads = shapes.map((s) => uniform(s, rng, -0.1, 0.1));
    const momentsFrom = () => shapes.map((s, i) => ({ m: uniform(s, new SeededRandom(20 + i), -0.01, 0.01), v: uniform(s, new SeededRandom(30 + i), 0, 0.001) }));
    const attrs = adamAttrs(0.001, 0.9, 0.999, 1e-8, 7);
    const run = (step: (moments: AdamMoments[]) => tf.Tensor[]) => {
      const moments = momentsFrom();
      const next = step(moments);
      return [...next, ...moments.flatMap(({ m, v }) => [m, v])].map(read);
    };
    setNativeProducts(true);
    const results = [1, 2, 3].map((threads) => {
      setBlasThreads(threads);
      return run((moments) => nativeAdamStep(params, grads, moments, attrs)!);
    });
    const simd = run((moments) => params.map((p, i) => adamStep(p, grads[i], moments[i], attrs, true)));
    const ops = run((moments) => params.map((p, i) => adamStep(p, grads[i], moments[i], attrs, false)));
    expect(differences(results[1], results[0])).toBe(0);
    expect(differences(results[2], results[0])).toBe(0);
    expect(differences(results[0], simd)).toBe(0);
    results[0].forEach((values, i) => expect(relativeError(values, ops[i])).toBeLessThan(1e-5));
    // The parameters moved (a step that changed nothing would match the tf ops only by accident).
    expect(relativeError(results[0][0], read(params[0]))).toBeGreaterThan(1e-4);
    setNativeProducts(false);
    expect(nativeAdamStep(params, grads, momentsFrom(), attrs)).toBeUndefined();
  });

  it('update an RBM\'s weights by momentum in one native call, on one to three threads the same to the bit as the SIMD kernel and to 1e-6 of the tf ops', () => {
    const rng = new SeededRandom(8);
    // 784 x 1000 weights (the first RBM's) plus an odd tail: every thread gets a part.
    const shape = [785, 1001];
    const [param, increment, term] = [uniform(shape, rng, -0.1, 0.1), uniform(shape, rng, -0.01, 0.01), uniform(shape, rng, -0.001, 0.001)];
    const attrs = { momentum: 0.9, decay: 0.1 * 0.0002 };
    const values = (step: { param: tf.Tensor; increment: tf.Tensor }) => [step.param, step.increment].map(read);
    setNativeProducts(true);
    const results = [1, 2, 3].map((threads) => {
      setBlasThreads(threads);
      return values(nativeMomentumStep(param, increment, term, attrs)!);
    });
    expect(differences(results[1], results[0])).toBe(0);
    expect(differences(results[2], results[0])).toBe(0);
    // momentumStep takes the native path while the products are on the BLAS.
    expect(differences(values(momentumStep(param, increment, term, attrs)), results[0])).toBe(0);
    setNativeProducts(false);
    const simd = values(momentumStep(param, increment, term, attrs, true));
    const ops = values(momentumStep(param, increment, term, attrs, false));
    expect(differences(results[0], simd)).toBe(0);
    results[0].forEach((v, i) => expect(relativeError(v, ops[i])).toBeLessThan(1e-6));
    expect(relativeError(results[0][0], read(param))).toBeGreaterThan(1e-3);
    expect(nativeMomentumStep(param, increment, term, attrs)).toBeUndefined();
  });

  // Against XNNPACK the loss and gradients are compared (native-blas.test.ts, which runs on the
  // fused kernels too): parameters after Adam steps are not, as Adam's first steps move every
  // parameter by about the learning rate whatever its gradient's size, so rounding in a near-zero
  // gradient moves a parameter far more than 1e-5 of its scale.
  // OpenBLAS's products are not the same to the bit on one thread and two (its threaded path blocks
  // them differently), so a seeded run repeats itself on the same thread count.
  it('give the same Adam fine-tuning steps again for the same seed, on one BLAS thread and on two', async () => {
    for (const threads of [1, 2]) {
      const first = await adamSteps(true, threads);
      expect(differences(await adamSteps(true, threads), first)).toBe(0);
      // The native path ran: XNNPACK's rounding differs.
      expect(differences(await adamSteps(false, threads), first)).toBeGreaterThan(0);
    }
  });
});
