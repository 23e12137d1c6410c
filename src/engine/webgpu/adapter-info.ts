import type { GpuAdapterInfo } from '../../shared/results.ts';

export type GpuAdapterSummary = GpuAdapterInfo;

/** The fields of GPUAdapterInfo this module reads (Dawn, Chromium and the spec agree on them). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
  isFallbackAdapter?: boolean;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render|\bwarp\b/i;

export function summarizeAdapter(info: AdapterInfoLike): GpuAdapterSummary {
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = info.description || info.device || '';
  const software =
    info.isFallbackAdapter === true || architecture.toLowerCase() === 'software' || SOFTWARE_NAMES.test(`${description} ${info.device ?? ''} ${vendor}`);
  return { vendor, architecture, description, software };
}

/** "llvmpipe: Mesa 25.0.7 (mesa, software)": the adapter as one line for messages and the CLI. */
export function adapterLabel(adapter: GpuAdapterSummary): string {
  const details = [adapter.vendor, adapter.architecture].filter((s) => s !== '');
  if (adapter.software && adapter.architecture.toLowerCase() !== 'software') details.push('software adapter');
  return `${adapter.description || 'unnamed adapter'}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}
