import type { GpuAdapterInfo } from './results.ts';

/** "llvmpipe: Mesa 25.0.7 (mesa, software)": a WebGPU adapter as one line for messages, the CLI, the report and the UI. */
export function adapterLabel(adapter: GpuAdapterInfo): string {
  const details = [adapter.vendor, adapter.architecture].filter((s) => s !== '');
  if (adapter.software && adapter.architecture.toLowerCase() !== 'software') details.push('software adapter');
  return `${adapter.description || 'unnamed adapter'}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}
