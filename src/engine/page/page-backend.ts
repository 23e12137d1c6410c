import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../../shared/config.ts';
import type { BackendInfo } from '../../shared/results.ts';
import { prepareWebGpu } from '../webgpu/webgpu-backend.ts';

/**
 * The engine window's stand-in for src/engine/backend.ts (the page build substitutes it): the only
 * backend a page offers is tfjs-backend-webgpu on the page's own `navigator.gpu` (Chromium's
 * Dawn). The main process sends a run here only for an adapter it accepted, so any adapter the
 * page finds is taken, software ones included (the tests' SwiftShader).
 */

/** What BackendInfo.package says for a run trained in the engine window. */
export const CHROMIUM_WEBGPU_PACKAGE = '@tensorflow/tfjs-backend-webgpu (Chromium WebGPU, desktop engine window)';

let active: BackendInfo | undefined;

export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (choice !== 'auto' && choice !== 'webgpu') {
    throw new BackendError(`the engine window trains only on webgpu (got backend "${choice}"): the main process runs the others`);
  }
  const prepared = await prepareWebGpu(true);
  if ('failure' in prepared) throw new BackendError(`webgpu in the engine window: ${prepared.failure}`);
  if (!(await tf.setBackend('webgpu'))) throw new BackendError("tf.setBackend('webgpu') returned false in the engine window");
  await tf.ready();
  active = { name: 'webgpu', package: CHROMIUM_WEBGPU_PACKAGE, native: false, gpu: true, skipped: [], adapter: prepared.adapter };
  return active;
}

export function activeBackend(): BackendInfo | undefined {
  return active;
}
