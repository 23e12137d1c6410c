import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBlasAddon, type BlasAddon } from '../../src/engine/native-blas/addon.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { nativeBlasAddon, needs } from '../support/prerequisites.ts';
import { relativeError } from '../support/relative-error.ts';

const load = loadBlasAddon();

interface Case {
  name: string;
  transA: boolean;
  transB: boolean;
  batch: number;
  m: number;
  n: number;
  k: number;
  /** 0: none, 1: σ, 2: times y (1 - y); with `bias` C starts as a bias row (beta 1). */
  epilogue: 0 | 1 | 2;
  bias: boolean;
}

// Wide outputs are split by columns, tall ones by rows; sizes off the parts' alignment test the edges.
const CASES: Case[] = [
  { name: 'forward, bias and σ (wide: by columns)', transA: false, transB: false, batch: 1, m: 100, n: 1000, k: 784, epilogue: 1, bias: true },
  { name: 'weight gradient aᵀb (tall: by rows)', transA: true, transB: false, batch: 1, m: 1003, n: 501, k: 100, epilogue: 0, bias: false },
  { name: 'passed down δWᵀ · y(1 - y)', transA: false, transB: true, batch: 1, m: 100, n: 787, k: 501, epilogue: 2, bias: false },
  { name: 'batched, both transposed', transA: true, transB: true, batch: 3, m: 130, n: 257, k: 190, epilogue: 0, bias: false },
];

interface Operands {
  buffer: ArrayBuffer;
  offsets: { a: number; b: number; c: number; y: number };
  elements: { a: number; b: number; c: number };
}

function operands(c: Case, seed: number): Operands {
  const elements = { a: c.batch * c.m * c.k, b: c.batch * c.k * c.n, c: c.batch * c.m * c.n };
  const offsets = { a: 0, b: 4 * elements.a, c: 4 * (elements.a + elements.b), y: 4 * (elements.a + elements.b + elements.c) };
  const buffer = new ArrayBuffer(offsets.y + 4 * elements.c);
  const rng = new SeededRandom(seed);
  const values = new Float32Array(buffer);
  for (let i = 0; i < values.length; i++) values[i] = i >= offsets.y / 4 ? rng.next() : 2 * rng.next() - 1;
  return { buffer, offsets, elements };
}

/** C as the addon computes it on `threads` threads, from a bias row where the case has one. */
function product(addon: BlasAddon, c: Case, x: Operands, threads: number): Float32Array {
  addon.setThreads(threads);
  const out = new Float32Array(x.buffer, x.offsets.c, x.elements.c);
  for (let row = 0; row < c.batch * c.m; row++) for (let j = 0; j < c.n; j++) out[row * c.n + j] = c.bias ? 0.25 - j / c.n : 0;
  addon.sgemm(x.buffer, c.transA, c.transB, c.batch, c.m, c.n, c.k, x.offsets.a, c.m * c.k, x.offsets.b, c.k * c.n, x.offsets.c, c.bias ? 1 : 0, c.epilogue, x.offsets.y);
  return out.slice();
}

/** The same in double precision, by the definition: the independent reference. */
function reference(c: Case, x: Operands): Float32Array {
  const a = new Float32Array(x.buffer, x.offsets.a, x.elements.a);
  const b = new Float32Array(x.buffer, x.offsets.b, x.elements.b);
  const y = new Float32Array(x.buffer, x.offsets.y, x.elements.c);
  const out = new Float32Array(x.elements.c);
  for (let i = 0; i < c.batch; i++) {
    for (let r = 0; r < c.m; r++) {
      for (let j = 0; j < c.n; j++) {
        let sum = c.bias ? Math.fround(0.25 - j / c.n) : 0;
        for (let t = 0; t < c.k; t++) {
          const av = c.transA ? a[i * c.m * c.k + t * c.m + r] : a[i * c.m * c.k + r * c.k + t];
          const bv = c.transB ? b[i * c.k * c.n + j * c.k + t] : b[i * c.k * c.n + t * c.n + j];
          sum += av * bv;
        }
        const at = i * c.m * c.n + r * c.n + j;
        out[at] = c.epilogue === 1 ? 1 / (1 + Math.exp(-sum)) : c.epilogue === 2 ? sum * y[at] * (1 - y[at]) : sum;
      }
    }
  }
  return out;
}

describe.runIf(needs(nativeBlasAddon(), 'test/unit/native-blas-threads.test.ts'))('the native products split over the caller\'s threads', () => {
  const addon = load.addon!;
  const before = addon.threads();
  afterAll(() => addon.setThreads(before));

  it.each(CASES)('$name: the same product on 1, 2 and 3 threads, to 1e-5 of the double-precision definition', (c) => {
    const x = operands(c, 17);
    const exact = reference(c, x);
    const results = [1, 2, 3].map((threads) => product(addon, c, x, threads));
    for (const result of results) expect(relativeError(result, exact)).toBeLessThan(1e-5);
    expect(relativeError(results[1], results[0])).toBeLessThan(1e-6);
    expect(relativeError(results[2], results[0])).toBeLessThan(1e-6);
  });

  it('keep each calling thread\'s products apart when two threads call at once, each on its own two threads', async () => {
    const c = CASES[0];
    const x = operands(c, 23);
    const worker = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.file);
      addon.setThreads(2);
      const { c, offsets } = workerData;
      const buffer = new ArrayBuffer(workerData.bytes.byteLength);
      new Uint8Array(buffer).set(new Uint8Array(workerData.bytes));
      const out = new Float32Array(buffer, offsets.c, c.batch * c.m * c.n);
      let worst = 0;
      for (let round = 0; round < 40; round++) {
        out.fill(0);
        addon.sgemm(buffer, c.transA, c.transB, c.batch, c.m, c.n, c.k, offsets.a, 0, offsets.b, 0, offsets.c, 0, 0, 0);
        for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - workerData.expected[i]));
      }
      parentPort.postMessage(worst);
    `;
    const plain = { ...c, epilogue: 0 as const, bias: false };
    const linear = product(addon, plain, x, 1);
    const runs = [0, 1].map(
      () =>
        new Promise<number>((resolve, reject) => {
          const thread = new Worker(worker, { eval: true, workerData: { file: (load as { file: string }).file, c: plain, offsets: x.offsets, bytes: x.buffer, expected: linear } });
          thread.once('message', resolve);
          thread.once('error', reject);
        }),
    );
    const worst = await Promise.all(runs);
    const scale = linear.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    expect(scale).toBeGreaterThan(1);
    for (const w of worst) expect(w / scale).toBeLessThan(1e-6);
  });
});
