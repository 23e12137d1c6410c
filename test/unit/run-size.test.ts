import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/engine/pipeline.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { checkRunSize, estimateRunSize, machineLimits, WASM_HEAP_BYTES, type MachineLimits } from '../../src/engine/run-size.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import { clonePreset, PRESET_NAMES } from '../../src/shared/presets.ts';
import { ConfigError } from '../../src/shared/validate.ts';

function stack(layers: number[], trainSize: number): ExperimentConfig {
  const config = clonePreset('smoke');
  config.layers = layers;
  config.dataset.trainSize = trainSize;
  return config;
}

const GiB = 1024 ** 3;
const roomy: MachineLimits = { totalBytes: 64 * GiB, availableBytes: 48 * GiB, heapBytes: WASM_HEAP_BYTES, maxArrayElements: 2 ** 32 };

describe('run size estimate', () => {
  it('matches a hand count for a 4-3-2 stack, both arms with Adam', () => {
    const config = stack([4, 3, 2], 10);
    config.dataset.testSize = 5;
    config.pretrain.batchSize = 2;
    config.pretrain.cdK = 1;
    config.finetune.batchSize = 5;
    config.finetune.optimizer = 'adam';
    config.arms = ['pretrained', 'random'];
    const estimate = estimateRunSize(config);
    // Unrolled net: W 4x3 + b 3, W 3x2 + b 2, W 2x3 + b 3, W 3x4 + b 4.
    expect(estimate.parameters).toBe(12 + 3 + 6 + 2 + 6 + 3 + 12 + 4);
    // Floats, by hand: images (10 + 5) x 4 = 60. Layer 2 trains on 10 rows of 3 = 30.
    // RBMs 4x3 and 3x2 with both biases, and their increments: 2 x (19 + 11) = 60; two arms of 48 weights + 48 gradients = 192.
    // Adam: two moments per parameter per arm = 192. Batch: fine-tuning 5 x (4 + 3 x 2 x (3 + 2)) = 170 beats CD 2 x 4 x (4 + 3) = 56,
    // plus three copies of the largest weight matrix (12) = 206. Checkpoints: the RBMs 60 + per arm weights and two moments 2 x 144 = 348.
    expect(estimate.bytes).toEqual({
      dataset: 60 * 4,
      layerInputs: 30 * 4,
      weights: (60 + 192) * 4,
      optimizer: 192 * 4,
      activations: 206 * 4,
      checkpoints: 348 * 4,
      total: (60 + 30 + 252 + 192 + 206 + 348) * 4,
    });
    // One thread's tensors: the RBMs, one arm's weights, gradients and moments, and the batch: 60 + 4 x 48 + 206.
    expect(estimate.tensorBytes).toBe((60 + 192 + 206) * 4);
    expect(estimate.largestArray.elements).toBe(10 * 4);
    expect(() => checkRunSize(config, roomy)).not.toThrow();
  });

  it('refuses layers [784, 100000, 100000, 30] before training, with the figures', () => {
    const config = stack([784, 100_000, 100_000, 30], 500);
    let error: unknown;
    try {
      checkRunSize(config, roomy);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { path, message } = (error as ConfigError).errors[0];
    expect(path).toBe('layers');
    // Encoder and decoder each have the weights 784 x 100,000, 100,000 x 100,000 and 100,000 x 30; the encoder's biases
    // are 100,000 + 100,000 + 30, the decoder's 100,000 + 100,000 + 784.
    const parameters = 2 * (784 * 100_000 + 100_000 * 100_000 + 100_000 * 30) + 4 * 100_000 + 30 + 784;
    expect(parameters).toBe(20_163_200_814);
    expect(message).toContain(`${parameters.toLocaleString('en-US')} parameters per network`);
    expect(message).toContain('its largest array, the weights of layers 1-2 (100000x100000), holds 10,000,000,000 floats; a typed array holds at most 4,294,967,296');
    // Weights: the three RBMs with both biases, twice (their momentum increments), and two arms of weights and gradients.
    const rbms = 784 * 100_000 + 784 + 100_000 + (100_000 * 100_000 + 200_000) + (100_000 * 30 + 100_030);
    const weightsGiB = ((2 * rbms + 2 * 2 * parameters) * 4) / GiB;
    expect(weightsGiB).toBeCloseTo(375.6, 1);
    expect(message).toContain(`weights ${weightsGiB.toFixed(1)} GiB`);
    expect(message).toMatch(/it needs about \d+\.\d GiB of memory and this machine has 48\.0 GiB free of 64\.0 GiB/);
    expect(message).toMatch(/the wasm heap holds at most 4\.0 GiB/);
  });

  it('refuses a stack whose tensors pass the 4 GiB wasm heap although memory would hold it', () => {
    const config = stack([784, 20_000, 20_000, 30], 500);
    const huge = { ...roomy, totalBytes: 512 * GiB, availableBytes: 256 * GiB };
    expect(() => checkRunSize(config, huge)).toThrow(/its tensors need about \d+\.\d GiB on one thread and the wasm heap holds at most 4\.0 GiB/);
    expect(() => checkRunSize(config, { ...huge, heapBytes: undefined })).not.toThrow();
    expect(() => checkRunSize(config, { ...huge, heapBytes: undefined, gpuBytes: 2 * GiB })).toThrow(/and the GPU has 2\.0 GiB/);
  });

  it('passes every preset on an 8 GiB laptop with 6 GiB free, and refuses the example with the limits of this machine', () => {
    const laptop: MachineLimits = { totalBytes: 8 * GiB, availableBytes: 6 * GiB, heapBytes: WASM_HEAP_BYTES, maxArrayElements: 2 ** 32 };
    for (const name of PRESET_NAMES) expect(() => checkRunSize(clonePreset(name), laptop)).not.toThrow();
    expect(() => checkRunSize(stack([784, 100_000, 100_000, 30], 500), machineLimits('wasm'))).toThrow(/cannot run here/);
  });

  it('runExperiment refuses the example before it loads data or trains', async () => {
    const config = stack([784, 100_000, 100_000, 30], 500);
    config.backend = 'wasm';
    const events: PipelineEvent[] = [];
    await expect(runExperiment(config, { parallel: false, onEvent: (e) => events.push(e) })).rejects.toThrow(/layers: \[784, 100000, 100000, 30\] with dataset.trainSize 500 cannot run here/);
    expect(events.map((e) => e.type)).toEqual(['backend']);
  });
});
