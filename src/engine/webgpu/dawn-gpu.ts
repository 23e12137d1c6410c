/**
 * `navigator.gpu` for plain Node (the CLI, the loopback host and their worker threads): Dawn from
 * the `webgpu` package, with its WebGPU globals (GPUBufferUsage and the rest, which
 * tfjs-backend-webgpu reads) installed in this thread. Where the thread already has a
 * `navigator.gpu` (a browser page), that one is used and Dawn is not loaded.
 */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<unknown>;
}

export async function threadGpu(): Promise<GpuLike> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing) return existing;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]) as unknown as GpuLike;
  const navigator = (globalThis as { navigator?: object }).navigator;
  if (navigator) Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  return gpu;
}
