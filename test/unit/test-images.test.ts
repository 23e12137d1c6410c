import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokePreset } from '../../src/shared/presets.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import { loadExperimentData } from '../../src/engine/pipeline/data.ts';
import type { WorkbenchService } from '../../src/main/service/service.ts';
import { failure, scratchService } from './scratch-service.ts';

function bytesOf(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

describe('getTestImages', () => {
  let service: WorkbenchService;
  let dispose: () => Promise<void>;
  let loads: number;
  const config: ExperimentConfig = { ...structuredClone(smokePreset), dataset: { ...smokePreset.dataset, trainSize: 100, testSize: 50 } };
  const colored: ExperimentConfig = {
    ...structuredClone(smokePreset),
    dataset: { name: 'colored-mnist', trainSize: 100, testSize: 40 },
    layers: [2352, ...smokePreset.layers.slice(1)],
  };

  beforeAll(() => {
    loads = 0;
    ({ service, dispose } = scratchService({
      loadData: (c) => {
        loads++;
        return loadExperimentData(c);
      },
    }));
  });

  afterAll(() => dispose());

  it('returns the pixels of the requested test images, in the order asked, from one cached load', async () => {
    const id = service.store.createExperiment({ config, ownerPid: process.pid });
    const twin = service.store.createExperiment({ config, ownerPid: process.pid });
    const expected = (await loadExperimentData(config)).test;
    const indices = [7, 0, 49, 7];
    const reply = await service.request('getTestImages', { experimentId: id, indices });
    expect(reply).toMatchObject({ height: 28, width: 28, channels: 1 });
    expect(reply.images).toHaveLength(4);
    indices.forEach((index, i) => {
      const bytes = bytesOf(reply.images[i]);
      expect(bytes).toHaveLength(784);
      const want = Array.from(expected.images.subarray(index * 784, (index + 1) * 784), (v) => Math.round(v * 255));
      expect(Array.from(bytes)).toEqual(want);
    });
    // A digit has ink: not an empty or constant image.
    expect(Math.max(...bytesOf(reply.images[0]))).toBeGreaterThan(200);
    expect(Math.min(...bytesOf(reply.images[0]))).toBe(0);
    // Another run on the same data is answered from memory.
    const again = await service.request('getTestImages', { experimentId: twin, indices: [49] });
    expect(again.images[0]).toBe(reply.images[2]);
    expect(loads).toBe(1);
  });

  it('gives colour images channel-last for colored-mnist', async () => {
    const id = service.store.createExperiment({ config: colored, ownerPid: process.pid });
    const expected = (await loadExperimentData(colored)).test;
    const reply = await service.request('getTestImages', { experimentId: id, indices: [3] });
    expect(reply).toMatchObject({ height: 28, width: 28, channels: 3 });
    const bytes = bytesOf(reply.images[0]);
    expect(bytes).toHaveLength(28 * 28 * 3);
    expect(Array.from(bytes)).toEqual(Array.from(expected.images.subarray(3 * 2352, 4 * 2352), (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)));
    // The strokes are coloured: some pixel has channels that differ.
    const tinted = Array.from({ length: 784 }, (_, p) => Math.max(bytes[3 * p], bytes[3 * p + 1], bytes[3 * p + 2]) - Math.min(bytes[3 * p], bytes[3 * p + 1], bytes[3 * p + 2]));
    expect(Math.max(...tinted)).toBeGreaterThan(50);
  });

  it('rejects bad indices with messages that name the field', async () => {
    const id = service.store.createExperiment({ config, ownerPid: process.pid });
    const outside = await failure(service.request('getTestImages', { experimentId: id, indices: [0, 50] }));
    expect(outside.code).toBe('invalid-input');
    expect(outside.fields).toEqual([{ path: 'indices.1', message: '50 is outside the test set (0..49)' }]);
    const fractional = await failure(service.request('getTestImages', { experimentId: id, indices: [1.5] }));
    expect(fractional.fields?.[0]).toMatchObject({ path: 'indices.0', message: 'must be an integer' });
    const negative = await failure(service.request('getTestImages', { experimentId: id, indices: [-1] }));
    expect(negative.fields?.[0]).toMatchObject({ path: 'indices.0', message: 'must be 0 or more' });
    const tooMany = await failure(service.request('getTestImages', { experimentId: id, indices: Array.from({ length: 501 }, (_, i) => i) }));
    expect(tooMany.message).toContain('indices: at most 500 indices per request');
    const none = await failure(service.request('getTestImages', { experimentId: id, indices: [] }));
    expect(none.fields?.[0].path).toBe('indices');
    const missing = await failure(service.request('getTestImages', { experimentId: 99_999, indices: [0] }));
    expect(missing.code).toBe('not-found');
  });
});
