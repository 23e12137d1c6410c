import { createRequire } from 'node:module';
import type { RequestOutput } from '../../shared/api.ts';
import type { AdapterProbe } from '../../engine/webgpu/adapter-probe.ts';

type BackendOption = RequestOutput<'listBackends'>['backends'][number];

const OPTIONS: Omit<BackendOption, 'installed'>[] = [
  { name: 'tensorflow-gpu', package: '@tensorflow/tfjs-node-gpu', native: true, gpu: true },
  { name: 'webgpu', package: '@tensorflow/tfjs-backend-webgpu', native: false, gpu: true },
  { name: 'tensorflow', package: '@tensorflow/tfjs-node', native: true, gpu: false },
  { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', native: false, gpu: false },
  { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', native: false, gpu: false },
];

const requireHere = createRequire(import.meta.url);

function installed(packageName: string): boolean {
  try {
    requireHere.resolve(`${packageName}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The backends a run may ask for and whether each package is installed. Installed is not
 * the same as loadable (a native package may lack libtensorflow); the run records what it got.
 * Nothing is loaded here, so the main process never pulls TensorFlow.js in.
 */
export function backendOptions(): BackendOption[] {
  const options = OPTIONS.map((o) => ({ ...o, installed: installed(o.package) }));
  return [{ name: 'auto', package: 'the fastest that loads', native: false, gpu: false, installed: true }, ...options];
}

/**
 * What `auto` picks here, as the engine does: the first installed backend in preference order, WebGPU
 * only on a hardware adapter (a software one is slower than wasm). Installed native packages are taken
 * at their word; the run records what it really got.
 */
export function autoBackend(options: readonly BackendOption[], probe: AdapterProbe): { name: BackendOption['name']; reason: string } {
  let skipped = '';
  for (const option of options) {
    if (option.name === 'auto' || !option.installed) continue;
    if (option.name === 'webgpu') {
      if ('adapter' in probe && !probe.adapter.software) return { name: 'webgpu', reason: `WebGPU on ${probe.adapter.description}` };
      skipped = 'adapter' in probe ? `WebGPU skipped: its adapter, ${probe.adapter.description}, is a software renderer` : `WebGPU skipped: ${probe.failure}`;
      continue;
    }
    return { name: option.name, reason: [`the first installed in auto's order`, skipped].filter(Boolean).join('; ') };
  }
  return { name: 'cpu', reason: 'nothing faster is installed' };
}
