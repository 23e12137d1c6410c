import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { experimentText } from '../../src/cli/history-format.ts';
import { openStore } from '../../src/main/store/store.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import type { BackendInfo } from '../../src/shared/results.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the WebGPU adapter in the history', () => {
  it('is stored with the run, read back as it was recorded, and shown by `workbench show`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webgpu-history-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'history.db'));
    const backend: BackendInfo = {
      name: 'webgpu',
      package: '@tensorflow/tfjs-backend-webgpu',
      native: false,
      gpu: true,
      skipped: [{ name: 'tensorflow-gpu', reason: 'not installed' }],
      adapter: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3', software: false },
    };
    const id = store.createExperiment({ config: clonePreset('smoke') });
    store.writeBatch(id, { backend });
    const detail = store.getExperiment(id)!;
    expect(detail.backendInfo).toEqual(backend);
    expect(experimentText(detail)).toMatch(/^ {2}backend {4}webgpu on NVIDIA H100 80GB HBM3 \(nvidia, hopper\)$/m);
    store.close();
  });
});
