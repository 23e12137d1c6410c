import { describe, expect, it } from 'vitest';
import { checkEpochMetrics, checkWeights, DivergenceError, firstNonFinite, guardEpochMetrics, settingToLower } from '../../src/engine/divergence.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { clonePreset } from '../../src/shared/presets.ts';

const smoke = clonePreset('smoke'); // layers 784-64-32-8, Adam at 0.003

describe('divergence checks', () => {
  it('find the first NaN or infinity at any position, and none in finite values', () => {
    for (const length of [1, 3, 4, 5, 9, 1001]) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        for (const at of [0, length - 1, Math.floor(length / 2)]) {
          const values = Float32Array.from({ length }, (_, i) => Math.sin(i) * 3e38);
          values[at] = bad;
          expect(firstNonFinite(values)).toBe(at);
        }
      }
      expect(firstNonFinite(Float32Array.from({ length }, (_, i) => (i % 2 ? -0 : 3.4e38)))).toBe(-1);
    }
    expect(firstNonFinite(new Float32Array(0))).toBe(-1);
  });

  it('name the rate that drives each phase', () => {
    expect(settingToLower(smoke, 'pretrain:1')).toEqual({ path: 'pretrain.learningRate', value: 0.1 });
    expect(settingToLower(smoke, 'pretrain:2')).toEqual({ path: 'pretrain.learningRate', value: 0.1 });
    expect(settingToLower(smoke, 'pretrain:3')).toEqual({ path: 'pretrain.topLearningRate', value: 0.001 });
    expect(settingToLower(smoke, 'finetune:random')).toEqual({ path: 'finetune.learningRate', value: 0.003 });
    expect(settingToLower({ ...smoke, finetune: { ...smoke.finetune, optimizer: 'cg' } }, 'finetune:pretrained').path).toBe('finetune.optimizer');
  });

  it('stop on a non-finite metric or weight with the phase, the epoch, the value and the setting', () => {
    expect(() => checkEpochMetrics(smoke, 'pretrain:2', 4, { trainSSE: 3, stackSSE: Number.POSITIVE_INFINITY })).toThrow(
      'training diverged in pretrain:2 at epoch 4: stackSSE (Infinity) is not a finite number. Lower pretrain.learningRate (now 0.1) and run again. Everything up to epoch 3 of pretrain:2 is kept.',
    );
    const weights = new Float32Array(10);
    weights[6] = Number.NaN;
    let error: unknown;
    try {
      checkWeights(smoke, 'finetune:random', 1, { 'arm.random.param.0': new Float32Array(3), 'arm.random.param.2': weights });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error).toMatchObject({ phase: 'finetune:random', epoch: 1, setting: 'finetune.learningRate' });
    expect((error as Error).message).toContain('arm.random.param.2[6] (NaN) is not a finite number. Lower finetune.learningRate (now 0.003)');
    expect(() => checkWeights(smoke, 'pretrain:1', 1, { w: Float32Array.of(1, -2, 3e38) })).not.toThrow();
  });

  it('do not pass on a bad epoch event, and pass every other event as it is', () => {
    const passed: PipelineEvent[] = [];
    const emit = guardEpochMetrics(smoke, 'pretrain:3', (e) => passed.push(e));
    const good: PipelineEvent = { type: 'epoch', phase: 'pretrain:3', epoch: 1, metrics: { trainSSE: 1 } };
    const otherPhase: PipelineEvent = { type: 'epoch', phase: 'pretrain:2', epoch: 2, metrics: { trainSSE: Number.NaN } };
    emit(good);
    emit(otherPhase);
    expect(() => emit({ type: 'epoch', phase: 'pretrain:3', epoch: 2, metrics: { trainSSE: Number.NaN } })).toThrow(/pretrain:3 at epoch 2: trainSSE \(NaN\).*pretrain\.topLearningRate \(now 0\.001\)/);
    expect(passed).toEqual([good, otherPhase]);
  });
});
