import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchUpdater } from '../../src/engine/autoencoder/batch-update.ts';
import { codesAndErrorPerImage } from '../../src/engine/autoencoder/evaluate.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { contrastiveDivergenceStep, seededNoise } from '../../src/engine/rbm/contrastive-divergence.ts';
import { Rbm, type HiddenUnits } from '../../src/engine/rbm/rbm.ts';
import { rowMatrix } from '../../src/engine/row-matrix.ts';
import { heapKernelsActive } from '../../src/engine/wasm-kernels/register.ts';
import type { FinetuneConfig } from '../../src/shared/config.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import { needs, webgpuAdapter } from '../support/prerequisites.ts';

/*
 * Every engine step on webgpu (tf ops and the WGSL Bernoulli kernel) against wasm (its SIMD
 * kernels), from the same numbers and the same seeds, to 1e-4 of each result's scale. Small
 * sizes: the software adapter (llvmpipe) compiles every shader on the CPU.
 */

const hasAdapter = needs(webgpuAdapter(), import.meta.filename);

type Values = Float32Array[];

/** The largest difference over the largest magnitude of the reference, over all arrays. */
function relativeError(got: Values, reference: Values): number {
  let diff = 0;
  let scale = 0;
  reference.forEach((ref, i) => {
    expect(got[i]).toHaveLength(ref.length);
    ref.forEach((r, j) => {
      diff = Math.max(diff, Math.abs(got[i][j] - r));
      scale = Math.max(scale, Math.abs(r));
    });
  });
  return diff / scale;
}

const SIZES = [40, 24, 12, 4];
const ROWS = 30;

function images(seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: ROWS * SIZES[0] }, () => (rng.next() < 0.35 ? rng.next() : 0));
}

async function rbmValues(rbm: Rbm): Promise<Values> {
  const s = await rbm.toState();
  return [s.weights, s.visibleBias, s.hiddenBias, s.weightsIncrement, s.visibleBiasIncrement, s.hiddenBiasIncrement].map((a) => a.slice());
}

/** Three CD-k steps from fixed weights and seeded sampling; the RBM's state and the batches' squared errors. */
async function cdSteps(units: HiddenUnits, k: number): Promise<Values> {
  const visible = units === 'binary' ? SIZES[0] : SIZES[2];
  const hidden = units === 'binary' ? SIZES[1] : SIZES[3];
  const rbm = Rbm.create(visible, hidden, units, 0.1, new SeededRandom(3));
  const data = tf.tensor2d(images(4).subarray(0, ROWS * visible), [ROWS, visible]);
  const noise = seededNoise(new SeededRandom(5));
  const errors: number[] = [];
  for (let step = 0; step < 3; step++) {
    const settings = { learningRate: units === 'binary' ? 0.1 : 0.001, momentum: 0.5 + 0.2 * step, weightDecay: 0.0002, k };
    const error = contrastiveDivergenceStep(rbm, data, settings, noise);
    errors.push((await error.data())[0]);
    error.dispose();
  }
  const values = [...(await rbmValues(rbm)), Float32Array.from(errors)];
  rbm.dispose();
  data.dispose();
  return values;
}

/** A stack of three RBMs from fixed seeds (a few CD steps each), the network they unroll to. */
function pretrainedStack(): Rbm[] {
  const rbms: Rbm[] = [];
  let input = tf.tensor2d(images(6), [ROWS, SIZES[0]]);
  for (let layer = 1; layer < SIZES.length; layer++) {
    const units: HiddenUnits = layer === SIZES.length - 1 ? 'gaussian' : 'binary';
    const rbm = Rbm.create(SIZES[layer - 1], SIZES[layer], units, 0.1, new SeededRandom(10 + layer));
    const noise = seededNoise(new SeededRandom(20 + layer));
    for (let step = 0; step < 2; step++) {
      contrastiveDivergenceStep(rbm, input, { learningRate: units === 'binary' ? 0.1 : 0.001, momentum: 0.5, weightDecay: 0.0002, k: 1 }, noise).dispose();
    }
    const next = rbm.hiddenProbabilities(input);
    input.dispose();
    input = next;
    rbms.push(rbm);
  }
  input.dispose();
  return rbms;
}

/** The unrolled network, its reconstructions of the images, their codes and error per image. */
async function unrollAndEvaluate(): Promise<Values> {
  const rbms = pretrainedStack();
  const net = Autoencoder.unroll(rbms);
  const x = tf.tensor2d(images(7), [ROWS, SIZES[0]]);
  const reconstruction = net.reconstruct(x);
  const { codes, errorPerImage } = await codesAndErrorPerImage(net, rowMatrix(images(7), ROWS, SIZES[0]));
  const values = [...(await net.toArrays()), await reconstruction.data(), codes, Float32Array.of(errorPerImage)] as Values;
  tf.dispose([x, reconstruction]);
  net.dispose();
  rbms.forEach((r) => r.dispose());
  return values;
}

/** Three fine-tuning updates of the unrolled network; its parameters and the reported losses. */
async function finetuneSteps(optimizer: FinetuneConfig['optimizer'], loss: FinetuneConfig['loss']): Promise<Values> {
  const rbms = pretrainedStack();
  const net = Autoencoder.unroll(rbms);
  rbms.forEach((r) => r.dispose());
  const settings: FinetuneConfig = { ...clonePreset('paper').finetune, optimizer, loss, learningRate: optimizer === 'adam' ? 0.003 : 0.05, momentum: 0.9, weightDecay: 1e-4, lineSearches: 3 };
  const updater = createBatchUpdater(net, settings);
  const batch = tf.tensor2d(images(8), [ROWS, SIZES[0]]);
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) {
    const outcome = await updater.update(net, batch);
    losses.push((await outcome.lossSum.data())[0], (await outcome.squaredErrorSum.data())[0]);
    tf.dispose([outcome.lossSum, outcome.squaredErrorSum]);
  }
  const state = await updater.state();
  const values = [...(await net.toArrays()), ...Object.values(state.state), Float32Array.from(losses)];
  updater.dispose();
  batch.dispose();
  net.dispose();
  return values;
}

const CASES: [string, () => Promise<Values>][] = [
  ['CD-1 steps, binary hidden units (hashed Bernoulli sampling)', () => cdSteps('binary', 1)],
  ['CD-2 steps, linear-Gaussian top', () => cdSteps('gaussian', 2)],
  ['unrolling, reconstructions, codes and reconstruction error', unrollAndEvaluate],
  ['Adam steps on cross-entropy', () => finetuneSteps('adam', 'cross-entropy')],
  ['SGD steps with momentum on squared error', () => finetuneSteps('sgd', 'mse')],
  ['conjugate-gradient updates on cross-entropy', () => finetuneSteps('cg', 'cross-entropy')],
];

describe.skipIf(!hasAdapter)('webgpu against wasm, step by step', () => {
  const reference = new Map<string, Values>();
  const errors: Record<string, number> = {};

  beforeAll(async () => {
    await initBackend('wasm');
    for (const [name, run] of CASES) reference.set(name, await run());
    await initBackend('webgpu');
  });

  afterAll(() => {
    console.info(`webgpu vs wasm, max relative error: ${JSON.stringify(errors)}`);
  });

  for (const [name, run] of CASES) {
    it(`${name} agree to 1e-4`, async () => {
      expect(tf.getBackend()).toBe('webgpu');
      const got = await run();
      const error = relativeError(got, reference.get(name)!);
      errors[name] = error;
      expect(error).toBeLessThan(1e-4);
    });
  }

  it('runs the fused updates as tf ops and the wasm heap kernels not at all on webgpu', () => {
    expect(tf.getKernel('WorkbenchAdamStep', 'wasm')).toBeDefined();
    expect(tf.getKernel('WorkbenchAdamStep', 'webgpu')).toBeUndefined();
    expect(tf.getKernel('WorkbenchMomentumStep', 'webgpu')).toBeUndefined();
    expect(heapKernelsActive()).toBe(false);
    expect(tf.getKernel('WorkbenchBernoulli', 'webgpu')).toBeDefined();
  });

  it('the steps moved the weights: the comparison is not of two untouched initialisations', async () => {
    const trained = reference.get('Adam steps on cross-entropy')!;
    const rbms = pretrainedStack();
    const unrolled = Autoencoder.unroll(rbms);
    const start = await unrolled.toArrays();
    unrolled.dispose();
    rbms.forEach((r) => r.dispose());
    expect(relativeError(trained.slice(0, start.length), start)).toBeGreaterThan(1e-3);
  });
});
