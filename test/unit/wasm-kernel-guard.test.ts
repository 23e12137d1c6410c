import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { adamStep } from '../../src/engine/fused-updates.ts';
import { transpose2d } from '../../src/engine/linear-algebra.ts';
import { guardHeapKernels, installedWasmVersion } from '../../src/engine/wasm-kernels/guard.ts';
import { wasmKernelsOf, type WasmBackendLike, type WasmKernels } from '../../src/engine/wasm-kernels/instance.ts';
import { heapKernelsActive } from '../../src/engine/wasm-kernels/register.ts';

const wasmBackend = () => tf.backend() as unknown as WasmBackendLike;

/** A transpose and an Adam step through the engine's functions, against the same maths in plain JavaScript. */
async function stepIsRight(): Promise<void> {
  const values = Float32Array.from({ length: 6 * 10 }, (_, i) => Math.cos(i) * 3);
  const x = tf.tensor2d(values, [6, 10]);
  const t = transpose2d(x);
  const transposed = await t.data();
  for (let r = 0; r < 6; r++) for (let c = 0; c < 10; c++) expect(transposed[c * 6 + r]).toBe(values[r * 10 + c]);

  const p = [0.5, -1, 2, 0.25];
  const g = [0.1, -0.2, 0.3, -0.4];
  const moments = { m: tf.tensor1d([0.01, 0, -0.02, 0.03]), v: tf.tensor1d([0.001, 0.002, 0, 0.004]) };
  const [m0, v0] = [await moments.m.data(), await moments.v.data()];
  const attrs = { beta1: 0.9, beta2: 0.999, stepSize: 0.05, epsilon: 1e-7 };
  const param = tf.tensor1d(p);
  const grad = tf.tensor1d(g);
  const next = adamStep(param, grad, moments, attrs);
  const got = await next.data();
  for (let i = 0; i < 4; i++) {
    const m = 0.9 * m0[i] + 0.1 * g[i];
    const v = 0.999 * v0[i] + 0.001 * g[i] * g[i];
    expect(got[i]).toBeCloseTo(p[i] - (0.05 * m) / (Math.sqrt(v) + 1e-7), 6);
  }
  tf.dispose([x, t, param, grad, next, moments.m, moments.v]);
}

describe('the start-up guard of the wasm SIMD kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await guardHeapKernels();
  });

  it('passes on the installed tfjs-backend-wasm and records it in the backend info', async () => {
    const info = await initBackend('wasm');
    expect(installedWasmVersion()).toMatch(/^4\.22\./);
    expect(info.heapKernels).toEqual({ active: true, reason: expect.stringMatching(/^SIMD kernels on: tfjs-backend-wasm 4\.22\.\d+ passed/) as unknown });
    expect(heapKernelsActive()).toBe(true);
    await stepIsRight();
  });

  const realBackend = () => wasmBackend();
  const failures: [string, () => Parameters<typeof guardHeapKernels>[0], RegExp][] = [
    ['a version the kernels were not tested with', () => ({ version: '4.23.0' }), /tfjs-backend-wasm 4\.23\.0 is not a version they were tested with \(4\.22\.x\)/],
    [
      'an offset that is not a number (a renamed memoryOffset)',
      () => ({ backend: { ...realBackend(), wasm: realBackend().wasm, dataIdMap: { get: () => ({ offset: 64 }) } } as unknown as WasmBackendLike }),
      /memoryOffset\) is undefined, not a byte offset/,
    ],
    [
      'a heap that is not a WebAssembly.Memory (a renamed wasm.asm.memory)',
      () => ({ backend: { ...realBackend(), wasm: { asm: { mem: {} } } } as unknown as WasmBackendLike }),
      /the backend's heap \(wasm\.asm\.memory\) is undefined, not a WebAssembly\.Memory/,
    ],
    [
      'a transpose canary that does not match tf.transpose',
      () => ({ kernels: { ...wasmKernelsOf(realBackend())!, transpose: () => {} } as WasmKernels }),
      /the transpose canary does not match tf\.transpose/,
    ],
    [
      'an Adam canary that does not match tf ops',
      () => {
        const kernels = wasmKernelsOf(realBackend())!;
        return { kernels: { ...kernels, adam: (...args: Parameters<WasmKernels['adam']>) => kernels.adam(...(args.slice(0, 8) as [number, number, number, number, number, number, number, number]), 0.5, 0.999, 0.01, 1e-8) } };
      },
      /the Adam canary does not match the same step in tf ops/,
    ],
  ];

  it.each(failures)('on %s turns every heap kernel off, says why, and the step stays right', async (_, overrides, reason) => {
    const status = await guardHeapKernels(overrides());
    expect(status.active).toBe(false);
    expect(status.reason).toMatch(/^SIMD kernels off: /);
    expect(status.reason).toMatch(reason);
    expect(status.reason).toMatch(/tf ops run instead$/);
    expect(heapKernelsActive()).toBe(false);
    expect(wasmKernelsOf(wasmBackend())).toBeUndefined();
    const profile = await tf.profile(async () => stepIsRight());
    expect(profile.kernelNames).not.toContain('WorkbenchTranspose');
    expect(profile.kernelNames).not.toContain('WorkbenchAdamStep');
    expect(profile.kernelNames).toContain('Transpose');
    await guardHeapKernels();
    expect(heapKernelsActive()).toBe(true);
  });
});
