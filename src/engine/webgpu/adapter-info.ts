import type { GpuAdapterInfo } from '../../shared/results.ts';

export { adapterLabel } from '../../shared/describe-adapter.ts';

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
