import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { readScalar } from '../../src/engine/read-back.ts';
import { adapterLabel, summarizeAdapter } from '../../src/engine/webgpu/adapter-info.ts';
import { GpuFailureError } from '../../src/engine/webgpu/gpu-failure.ts';
import { dawnRefusedBy } from '../../src/engine/webgpu/dawn-gpu.ts';
import { prepareWebGpu, setGpuSource, webGpuDevice } from '../../src/engine/webgpu/webgpu-backend.ts';
import type { BackendInfo } from '../../src/shared/results.ts';
import { needs, webgpuAdapter } from '../support/prerequisites.ts';

const hasAdapter = needs(webgpuAdapter(), import.meta.filename);
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** initBackend(choice) in a fresh process: what it chose, and [1 2 3; 4 5 6] [7 8; 9 10; 11 12] on it. */
function chooseInChild(choice: string, env: Record<string, string> = {}): { info: BackendInfo; product: number[]; tfBackend: string; stderr: string } {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete environment.WORKBENCH_BACKEND;
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/backend-choice-child.ts', choice], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.status !== 0) throw new Error(`backend-choice-child ${choice} exited ${child.status}: ${child.stderr}`);
  return { ...(JSON.parse(child.stdout) as { info: BackendInfo; product: number[]; tfBackend: string }), stderr: child.stderr };
}

const PRODUCT_BY_HAND = [58, 64, 139, 154];

describe('software adapters are recognised by name or by what the adapter says of itself', () => {
  it('llvmpipe, lavapipe, SwiftShader and a fallback adapter are software; a discrete GPU is not', () => {
    expect(summarizeAdapter({ vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7' }).software).toBe(true);
    expect(summarizeAdapter({ vendor: 'google', architecture: '', description: 'SwiftShader Device (Subzero)' }).software).toBe(true);
    expect(summarizeAdapter({ vendor: '', architecture: '', description: 'unknown', isFallbackAdapter: true }).software).toBe(true);
    const nvidia = summarizeAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' });
    expect(nvidia).toEqual({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3', software: false });
    expect(adapterLabel(nvidia)).toBe('NVIDIA H100 80GB HBM3 (nvidia, hopper)');
  });
});

describe('webgpu backend choice', () => {
  afterAll(() => setGpuSource(undefined));

  it('reports a machine without any WebGPU adapter and declines, so auto moves on', async () => {
    setGpuSource(async () => ({ requestAdapter: async () => null }));
    const outcome = await prepareWebGpu(true);
    expect(outcome).toEqual({ failure: expect.stringMatching(/no WebGPU adapter: no GPU driver with Vulkan, Metal or D3D12/) });
    setGpuSource(undefined);
  });

  it('is declined inside Electron, where dawn.node could not read anything back, and taken in plain Node', async () => {
    expect(dawnRefusedBy({})).toBeUndefined();
    Object.defineProperty(process.versions, 'electron', { value: '33.2.0', configurable: true, enumerable: true });
    try {
      const outcome = await prepareWebGpu(true);
      expect(outcome).toEqual({ failure: expect.stringMatching(/cannot read GPU memory back inside Electron 33\.2\.0/) });
    } finally {
      delete (process.versions as { electron?: string }).electron;
    }
  });

  it.skipIf(!hasAdapter)('auto skips the software adapter, saying why, and trains on wasm', () => {
    const { info, product, stderr } = chooseInChild('auto');
    expect(info.name).toBe('wasm');
    expect(info.adapter).toBeUndefined();
    // The adapter was asked in a child process: Dawn's start-up warnings on llvmpipe never reach the terminal.
    expect(stderr).not.toMatch(/Warning: maxDynamic/);
    const webgpu = info.skipped.find((s) => s.name === 'webgpu');
    expect(webgpu?.reason).toMatch(/only a software adapter \(llvmpipe.*\), slower than wasm/);
    expect(product).toEqual(PRODUCT_BY_HAND);
  });

  it.skipIf(!hasAdapter)('a named webgpu backend takes the software adapter and records it', () => {
    const { info, product, tfBackend } = chooseInChild('webgpu');
    expect(tfBackend).toBe('webgpu');
    expect(info).toMatchObject({ name: 'webgpu', gpu: true, package: '@tensorflow/tfjs-backend-webgpu', skipped: [] });
    expect(info.adapter).toMatchObject({ vendor: 'mesa', software: true, description: expect.stringMatching(/^llvmpipe/) });
    expect(product).toEqual(PRODUCT_BY_HAND);
  });

  // Hiding the Vulkan drivers leaves no adapter on Linux only (Metal and D3D12 do not read these variables).
  it.skipIf(process.platform !== 'linux')('with no Vulkan driver at all, auto falls through to wasm with the reason recorded', () => {
    const { info, product } = chooseInChild('auto', { VK_DRIVER_FILES: '/nonexistent/icd.json', VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(info.name).toBe('wasm');
    expect(info.skipped.find((s) => s.name === 'webgpu')?.reason).toMatch(/no WebGPU adapter/);
    expect(product).toEqual(PRODUCT_BY_HAND);
  });
});

describe.skipIf(!hasAdapter)('a GPU that fails mid-run', () => {
  it('fails the next read with a message naming the adapter and the cause', async () => {
    const info = await initBackend('webgpu');
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(await readScalar(tf.sum(x))).toBe(10);
    webGpuDevice()!.destroy();
    const failed = readScalar(tf.sum(tf.mul(x, 2)));
    await expect(failed).rejects.toBeInstanceOf(GpuFailureError);
    await expect(failed).rejects.toThrow(new RegExp(`the GPU ${info.adapter!.description.replace(/[()+.]/g, '\\$&')} .*failed: device lost \\(destroyed`));
    await expect(failed).rejects.toThrow(/resumed from its last checkpoint/);
    // The next run in this process asks for a fresh device and computes again.
    expect(await initBackend('webgpu')).toMatchObject({ name: 'webgpu', adapter: info.adapter });
    expect(await readScalar(tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2])))).toBe(10);
  });

  it('fails the next read when the device reports an error nobody caught (as it does when out of memory)', async () => {
    await initBackend('webgpu');
    const device = webGpuDevice() as unknown as { createBuffer(descriptor: object): unknown; limits: { maxBufferSize: number } };
    // Twice the largest buffer the device allows: refused with an error no scope catches.
    device.createBuffer({ size: 2 * device.limits.maxBufferSize, usage: 0x80 });
    const failed = readScalar(tf.sum(tf.ones([64, 64])));
    await expect(failed).rejects.toBeInstanceOf(GpuFailureError);
    await expect(failed).rejects.toThrow(/failed: GPU (validation )?error: Buffer size \(\d+\) exceeds the max buffer size limit/);
  });
});
