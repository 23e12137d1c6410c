/**
 * `navigator.gpu` for plain Node (the CLI, the loopback host and their worker threads): Dawn from
 * the `webgpu` package, with its WebGPU globals (GPUBufferUsage and the rest, which
 * tfjs-backend-webgpu reads) installed in this thread. Where the thread already has a
 * `navigator.gpu` (a browser page), that one is used and Dawn is not loaded.
 */
/**
 * Why Dawn cannot serve this process, if it cannot: inside Electron (21 and later) the V8 memory
 * cage refuses the external ArrayBuffers through which dawn.node hands mapped GPU memory to
 * JavaScript, so every read back would fail; the desktop app reaches the GPU through Chromium.
 */
export function dawnRefusedBy(versions: { electron?: string }): string | undefined {
  if (versions.electron === undefined) return undefined;
  return `dawn.node cannot read GPU memory back inside Electron ${versions.electron} (external ArrayBuffers are refused), so the app does not train on it`;
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<unknown>;
}

/** Whether this thread already has a `navigator.gpu` (a browser page, or Dawn loaded before). */
export function threadHasGpu(): boolean {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu !== undefined;
}

export async function threadGpu(): Promise<GpuLike> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing) return existing;
  const refused = dawnRefusedBy(process.versions);
  if (refused) throw new Error(refused);
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]) as unknown as GpuLike;
  const navigator = (globalThis as { navigator?: object }).navigator;
  if (navigator) Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  return gpu;
}
