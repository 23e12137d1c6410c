import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import type { BackendChoice } from '../shared/config.ts';
import type { BackendInfo, GpuAdapterInfo } from '../shared/results.ts';
import { describeProducts } from '../shared/describe-products.ts';
import { useNativeProducts } from './native-blas/products.ts';
import { guardHeapKernels } from './wasm-kernels/guard.ts';
import { adapterLabel } from './webgpu/adapter-info.ts';
import { gpuFailure } from './webgpu/gpu-failure.ts';
import { prepareWebGpu } from './webgpu/webgpu-backend.ts';

interface Candidate {
  choice: Exclude<BackendChoice, 'auto'>;
  tfName: string;
  packageName: string;
  native: boolean;
  gpu: boolean;
}

const CANDIDATES: Candidate[] = [
  { choice: 'tensorflow-gpu', tfName: 'tensorflow', packageName: '@tensorflow/tfjs-node-gpu', native: true, gpu: true },
  { choice: 'webgpu', tfName: 'webgpu', packageName: '@tensorflow/tfjs-backend-webgpu', native: false, gpu: true },
  { choice: 'tensorflow', tfName: 'tensorflow', packageName: '@tensorflow/tfjs-node', native: true, gpu: false },
  { choice: 'wasm', tfName: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', native: false, gpu: false },
  { choice: 'cpu', tfName: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu', native: false, gpu: false },
];

let active: BackendInfo | undefined;

const requireFromHere = createRequire(import.meta.url);

type Loaded = { failure: string } | { adapter?: GpuAdapterInfo };

/** Loads a candidate's package (for webgpu: Dawn, an adapter and a device); a failure says why. */
async function loadPackage(candidate: Candidate, forced: boolean): Promise<Loaded> {
  if (candidate.choice === 'cpu') return {}; // bundled with @tensorflow/tfjs
  // A software adapter is far slower than wasm: auto skips it, a named `webgpu` takes it.
  if (candidate.choice === 'webgpu') return prepareWebGpu(forced);
  try {
    // The native packages register the `tensorflow` backend on import and throw if libtensorflow is missing.
    requireFromHere(candidate.packageName);
    return {};
  } catch (error) {
    return { failure: `${candidate.packageName} is not installed or failed to load: ${(error as Error).message.split('\n')[0]}` };
  }
}

async function tryCandidate(candidate: Candidate, forced: boolean): Promise<Loaded> {
  const loaded = await loadPackage(candidate, forced);
  if ('failure' in loaded) return loaded;
  try {
    const ok = await tf.setBackend(candidate.tfName);
    if (!ok) return { failure: `tf.setBackend('${candidate.tfName}') returned false` };
    await tf.ready();
    return loaded;
  } catch (error) {
    return { failure: `tf.setBackend('${candidate.tfName}') failed: ${(error as Error).message}` };
  }
}

export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

/**
 * Picks the fastest backend that loads (CUDA, a hardware WebGPU adapter, native CPU, wasm, plain
 * JS) or the one named by `choice` or the WORKBENCH_BACKEND environment variable; a named backend
 * that fails is an error.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  const requested = (process.env.WORKBENCH_BACKEND as BackendChoice | undefined) ?? choice;
  // A GPU that failed is asked for a fresh device (the next run in this process may find it back).
  const failedGpu = active?.name === 'webgpu' && gpuFailure() !== undefined;
  if (active && !failedGpu && (requested === 'auto' || requested === active.name)) return active;
  const known = CANDIDATES.map((c) => c.choice);
  if (requested !== 'auto' && !known.includes(requested as Candidate['choice'])) {
    throw new BackendError(`backend must be one of auto, ${known.join(', ')} (got "${requested}")`);
  }
  const forced = requested !== 'auto';
  const order = forced ? CANDIDATES.filter((c) => c.choice === requested) : CANDIDATES;
  const skipped: BackendInfo['skipped'] = [];
  for (const candidate of order) {
    const loaded = await tryCandidate(candidate, forced);
    if (!('failure' in loaded)) {
      active = {
        name: candidate.choice,
        package: candidate.packageName,
        native: candidate.native,
        gpu: candidate.gpu,
        skipped,
        ...(loaded.adapter ? { adapter: loaded.adapter } : {}),
        ...(candidate.choice === 'wasm' ? { products: useNativeProducts(), heapKernels: await guardHeapKernels() } : {}),
      };
      return active;
    }
    skipped.push({ name: candidate.choice, reason: loaded.failure });
  }
  throw new BackendError(
    `backend "${requested}" could not be loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

export function activeBackend(): BackendInfo | undefined {
  return active;
}

export function describeBackend(info: BackendInfo): string {
  const kind = info.gpu ? 'GPU' : info.native ? 'native CPU' : info.name === 'wasm' ? 'WebAssembly' : 'plain JavaScript';
  const adapter = info.adapter ? ` on ${adapterLabel(info.adapter)}` : '';
  return `${info.name} (${kind}, ${info.package})${adapter}${info.products ? `, ${describeProducts(info.products)}` : ''}`;
}
