import * as tf from '@tensorflow/tfjs';
import { summarizeAdapter, type AdapterInfoLike, type GpuAdapterSummary } from './adapter-info.ts';
import { probeAdapter } from './adapter-probe.ts';
import { dawnRefusedBy, threadGpu, threadHasGpu, type GpuLike } from './dawn-gpu.ts';
import { clearGpuFailure, gpuFailure, reportGpuFailure } from './gpu-failure.ts';

/** The parts of GPUAdapter and GPUDevice used here. */
interface AdapterLike {
  info?: AdapterInfoLike;
  limits: Record<string, number>;
  features: { has(name: string): boolean };
  requestDevice(descriptor?: object): Promise<DeviceLike>;
}
interface DeviceLike {
  destroy(): void;
  lost: Promise<{ reason: string; message: string }>;
  addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string; constructor: { name: string } } }) => void): void;
}

export type GpuSource = () => Promise<GpuLike>;

const ERROR_KINDS: Record<string, string> = {
  GPUOutOfMemoryError: 'out of GPU memory',
  GPUValidationError: 'GPU validation error',
  GPUInternalError: 'GPU internal error',
};

let gpuSource: GpuSource = threadGpu;
let current: { device: DeviceLike; adapter: GpuAdapterSummary } | undefined;

/** For tests: where `navigator.gpu` comes from (e.g. a GPU with no adapter). */
export function setGpuSource(source: GpuSource | undefined): void {
  gpuSource = source ?? threadGpu;
}

export type WebGpuOutcome = { adapter: GpuAdapterSummary } | { failure: string; adapter?: GpuAdapterSummary };

const LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
];

/**
 * Asks for a high-performance adapter and, where it is acceptable, registers tfjs's `webgpu`
 * backend on a device of it (the device tfjs-backend-webgpu would make, with its limits raised
 * to the adapter's), watching the device for loss and uncaptured errors. A software adapter is
 * refused unless `allowSoftware`. Does not switch tf to the backend.
 */
export async function prepareWebGpu(allowSoftware: boolean): Promise<WebGpuOutcome> {
  if (current && !gpuFailure()) return accept(current.adapter, allowSoftware) ?? { adapter: current.adapter };
  if (!allowSoftware && gpuSource === threadGpu && !threadHasGpu() && !dawnRefusedBy(process.versions)) {
    const probe = await probeAdapter();
    if ('failure' in probe) return probe;
    const refused = accept(probe.adapter, allowSoftware);
    if (refused) return refused;
  }
  let gpu: GpuLike;
  try {
    gpu = await gpuSource();
  } catch (error) {
    return { failure: `the webgpu package (Dawn) cannot be used here: ${(error as Error).message.split('\n')[0]}` };
  }
  const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as AdapterLike | null;
  if (!adapter) return { failure: 'no WebGPU adapter: no GPU driver with Vulkan, Metal or D3D12 was found' };
  const info = adapter.info ?? {};
  const summary = summarizeAdapter(info);
  const refused = accept(summary, allowSoftware);
  if (refused) return refused;
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  const requiredLimits = Object.fromEntries(LIMITS.map((name) => [name, adapter.limits[name]]));
  let device: DeviceLike;
  try {
    device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  } catch (error) {
    return { failure: `the adapter ${summary.description} refused a device: ${(error as Error).message}`, adapter: summary };
  }
  const previous = current;
  current = { device, adapter: summary };
  const watched = current;
  // Only the device tf trains on counts: an old one destroyed on re-initialisation is no failure.
  void device.lost.then((lost) => {
    if (current === watched) reportGpuFailure(summary, `device lost (${lost.reason}${lost.message ? `: ${lost.message}` : ''})`);
  });
  device.addEventListener('uncapturederror', (event) => {
    if (current !== watched) return;
    const kind = ERROR_KINDS[event.error.constructor.name] ?? 'GPU error';
    reportGpuFailure(summary, `${kind}: ${event.error.message.split('\n')[0]}`);
  });
  // Replaces the factory tfjs-backend-webgpu registers on import, which would ask for its own adapter.
  try {
    tf.removeBackend('webgpu');
  } catch {
    // not registered yet
  }
  tf.registerBackend('webgpu', () => new WebGPUBackend(device as never, info as never));
  clearGpuFailure();
  previous?.device.destroy();
  return { adapter: summary };
}

function accept(adapter: GpuAdapterSummary, allowSoftware: boolean): WebGpuOutcome | undefined {
  if (!adapter.software || allowSoftware) return undefined;
  return { failure: `only a software adapter (${adapter.description}), slower than wasm; name the webgpu backend to use it`, adapter };
}

/** The device tf's `webgpu` backend runs on in this thread, for tests that make it fail. */
export function webGpuDevice(): { destroy(): void } | undefined {
  return current?.device;
}
