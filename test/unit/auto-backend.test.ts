import { describe, expect, it } from 'vitest';
import { autoBackend, backendOptions } from '../../src/main/service/backend-options.ts';

const options = (installed: string[]) => backendOptions().map((o) => ({ ...o, installed: o.name === 'auto' || installed.includes(o.name) }));
const adapter = (software: boolean) => ({ adapter: { vendor: 'v', architecture: 'a', description: software ? 'llvmpipe (LLVM 19.1.7, 256 bits)' : 'NVIDIA H200', software } });

describe('what auto picks, as New run says it', () => {
  it('skips WebGPU on a software adapter and says why, taking wasm', () => {
    expect(autoBackend(options(['webgpu', 'wasm', 'cpu']), adapter(true))).toEqual({
      name: 'wasm',
      reason: "the first installed in auto's order; WebGPU skipped: its adapter, llvmpipe (LLVM 19.1.7, 256 bits), is a software renderer",
    });
    expect(autoBackend(options(['webgpu', 'wasm']), { failure: 'no WebGPU adapter: no GPU driver' }).reason).toContain('WebGPU skipped: no WebGPU adapter');
  });

  it('takes WebGPU on a hardware adapter, and a native package ahead of it where installed', () => {
    expect(autoBackend(options(['webgpu', 'wasm']), adapter(false))).toEqual({ name: 'webgpu', reason: 'WebGPU on NVIDIA H200' });
    expect(autoBackend(options(['tensorflow-gpu', 'webgpu', 'wasm']), adapter(false)).name).toBe('tensorflow-gpu');
    expect(autoBackend(options(['tensorflow', 'webgpu', 'wasm']), adapter(true)).name).toBe('tensorflow');
    expect(autoBackend(options([]), adapter(true)).name).toBe('cpu');
  });
});
