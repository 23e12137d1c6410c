import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lossAndGradients } from '../../src/engine/autoencoder/gradients.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { loadBlasAddon } from '../../src/engine/native-blas/addon.ts';
import { nativeProductsActive, setNativeProducts } from '../../src/engine/native-blas/products.ts';
import { blasThreadsPerArm } from '../../src/engine/native-blas/threads.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { contrastiveDivergenceStep, seededNoise } from '../../src/engine/rbm/contrastive-divergence.ts';
import { Rbm, type HiddenUnits } from '../../src/engine/rbm/rbm.ts';
import { nativeBlasAddon, needs } from '../support/prerequisites.ts';
import { relativeError } from '../support/relative-error.ts';

const addonBuilt = nativeBlasAddon();
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

function pixels(rows: number, seed: number): tf.Tensor2D {
  const rng = new SeededRandom(seed);
  return tf.tensor2d(Float32Array.from({ length: rows * 784 }, () => (rng.next() < 0.7 ? 0 : rng.next())), [rows, 784]);
}

/** Three CD-1 steps of a 784-200 RBM on 20 images; the parameters after them. */
async function cdSteps(native: boolean, hiddenUnits: HiddenUnits = 'binary'): Promise<Float32Array[]> {
  setNativeProducts(native);
  const rng = new SeededRandom(7);
  const rbm = Rbm.create(784, 200, hiddenUnits, 0.1, rng);
  const noise = seededNoise(rng);
  const data = pixels(20, 3);
  for (let step = 0; step < 3; step++) contrastiveDivergenceStep(rbm, data, { learningRate: 0.1, momentum: 0.5, weightDecay: 0.0002, k: 1 }, noise).dispose();
  const values = await Promise.all([rbm.weights, rbm.visibleBias, rbm.hiddenBias, rbm.weightsIncrement].map((t) => t.data() as Promise<Float32Array>));
  data.dispose();
  rbm.dispose();
  return values;
}

/** The loss and every gradient of a 784-400-100-30 autoencoder on 20 images (the wide layer takes the transposed path on XNNPACK). */
async function fineTuningGradients(native: boolean): Promise<Float32Array[]> {
  setNativeProducts(native);
  const net = Autoencoder.random([784, 400, 100, 30], 'glorot-uniform', 0.1, new SeededRandom(11));
  const data = pixels(20, 5);
  const { lossSum, squaredErrorSum, gradients } = lossAndGradients(net, data, 'cross-entropy', 0.0001);
  const values = await Promise.all([lossSum, ...gradients].map((t) => t.data() as Promise<Float32Array>));
  [lossSum, squaredErrorSum, ...gradients, data].forEach((t) => t.dispose());
  net.dispose();
  return values;
}

describe.runIf(needs(addonBuilt, 'test/unit/native-blas.test.ts'))('native BLAS products on the wasm backend', () => {
  beforeAll(async () => {
    const info = await initBackend('wasm');
    expect(info.products?.path).toBe('blas');
  });
  afterAll(() => setNativeProducts(true));

  it('take every product form the engine uses to XNNPACK\'s result: plain, transposed flags, batched, fused with a bias', async () => {
    const rng = new SeededRandom(1);
    const random = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.next() * 2 - 1), shape);
    const cases: [number[], number[], boolean, boolean][] = [
      [[37, 53], [53, 29], false, false],
      [[53, 37], [53, 29], true, false],
      [[37, 53], [29, 53], false, true],
      [[53, 37], [29, 53], true, true],
      [[3, 37, 53], [3, 53, 29], false, false],
      [[3, 37, 53], [53, 29], false, false],
    ];
    for (const [shapeA, shapeB, transposeA, transposeB] of cases) {
      const [a, b] = [random(shapeA), random(shapeB)];
      setNativeProducts(true);
      const blas = tf.matMul(a, b, transposeA, transposeB);
      expect(nativeProductsActive()).toBe(true);
      setNativeProducts(false);
      const xnnpack = tf.matMul(a, b, transposeA, transposeB);
      expect(blas.shape).toEqual(xnnpack.shape);
      expect(relativeError(await blas.data() as Float32Array, await xnnpack.data() as Float32Array)).toBeLessThan(1e-6);
    }
    const [a, b, bias] = [random([37, 53]), random([53, 29]), random([29])];
    setNativeProducts(true);
    const fused = await tf.fused.matMul({ a, b, bias }).data() as Float32Array;
    setNativeProducts(false);
    const reference = await tf.add(tf.matMul(a, b), bias).data() as Float32Array;
    expect(relativeError(fused, reference)).toBeLessThan(1e-6);
  });

  it.each(['binary', 'gaussian'] as const)('give the same CD-1 steps as XNNPACK to 1e-5 relative, and the same steps again for the same seed (%s hidden units)', async (units) => {
    const xnnpack = await cdSteps(false, units);
    const blas = await cdSteps(true, units);
    for (let i = 0; i < xnnpack.length; i++) expect(relativeError(blas[i], xnnpack[i])).toBeLessThan(1e-5);
    expect(await cdSteps(true, units)).toEqual(blas);
  });

  it('give the same fine-tuning loss and gradients as XNNPACK to 1e-5 relative, and the same again for the same seed', async () => {
    const xnnpack = await fineTuningGradients(false);
    const blas = await fineTuningGradients(true);
    for (let i = 0; i < xnnpack.length; i++) expect(relativeError(blas[i], xnnpack[i])).toBeLessThan(1e-5);
    expect(await fineTuningGradients(true)).toEqual(blas);
  });
});

describe('without the native BLAS addon', () => {
  it('says why it is not loaded', () => {
    expect(loadBlasAddon({ WORKBENCH_NATIVE_BLAS: '0' })).toEqual({ addon: undefined, reason: 'turned off by WORKBENCH_NATIVE_BLAS=0' });
    const missing = loadBlasAddon({ WORKBENCH_NATIVE_BLAS_ADDON: '/nonexistent/workbench_blas.node' });
    expect(missing.addon).toBeUndefined();
    expect('reason' in missing && missing.reason).toContain('/nonexistent/workbench_blas.node not found');
    // A failed install leaves the compiler's words in build/not-built.txt (native/blas/build.mjs).
    const folder = mkdtempSync(join(tmpdir(), 'native-blas-'));
    mkdirSync(join(folder, 'build', 'Release'), { recursive: true });
    writeFileSync(join(folder, 'build', 'not-built.txt'), 'fatal error: cblas.h: No such file or directory\n');
    const failed = loadBlasAddon({ WORKBENCH_NATIVE_BLAS_ADDON: join(folder, 'build', 'Release', 'workbench_blas.node') });
    expect('reason' in failed && failed.reason).toBe('native BLAS addon not built at install: fatal error: cblas.h: No such file or directory');
    rmSync(folder, { recursive: true });
  });

  it('runs the products on XNNPACK and records why', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/support/native-blas-child.ts'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: { ...process.env, WORKBENCH_NATIVE_BLAS_ADDON: '/nonexistent/workbench_blas.node' },
    });
    const { products, product } = JSON.parse(out) as { products: { path: string; reason: string }; product: number[] };
    expect(products.path).toBe('xnnpack');
    expect(products.reason).toContain('/nonexistent/workbench_blas.node not found');
    // [1 2 3; 4 5 6] [7 8; 9 10; 11 12] by hand
    expect(product).toEqual([58, 64, 139, 154]);
  });
});

describe('BLAS threads', () => {
  it('give each training thread its share of the cores, at least one', () => {
    expect(blasThreadsPerArm(2, 2, {})).toBe(1);
    expect(blasThreadsPerArm(1, 2, {})).toBe(2);
    expect(blasThreadsPerArm(2, 16, {})).toBe(8);
    expect(blasThreadsPerArm(3, 2, {})).toBe(1);
    expect(blasThreadsPerArm(2, 16, { WORKBENCH_BLAS_THREADS: '3' })).toBe(3);
    expect(() => blasThreadsPerArm(2, 16, { WORKBENCH_BLAS_THREADS: 'all' })).toThrow(/WORKBENCH_BLAS_THREADS must be an integer from 1 to 1024 \(got "all"\)/);
    // The addon refuses more than 1,024 threads a caller: the variable is refused by name first.
    expect(() => blasThreadsPerArm(2, 16, { WORKBENCH_BLAS_THREADS: '5000' })).toThrow(/WORKBENCH_BLAS_THREADS must be an integer from 1 to 1024 \(got "5000"\)/);
    expect(blasThreadsPerArm(1, 4096, {})).toBe(1024);
  });
});
