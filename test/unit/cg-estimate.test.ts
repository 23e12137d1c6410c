import { describe, expect, it } from 'vitest';
import { planPhases } from '../../src/engine/pipeline/plan.ts';
import { trainingFlops } from '../../src/renderer/src/estimate.ts';
import { clonePreset } from '../../src/shared/presets.ts';

describe('time estimates for conjugate gradients', () => {
  it('count about ten loss-and-gradient evaluations a batch for three line searches, not four', () => {
    const adam = clonePreset('paper');
    adam.arms = ['random'];
    adam.finetune.optimizer = 'adam';
    const cg = structuredClone(adam);
    cg.finetune.optimizer = 'cg';
    cg.finetune.lineSearches = 3;
    // Only fine-tuning is planned (no pretrained arm): the ratio is evaluations per batch.
    expect(trainingFlops(cg) / trainingFlops(adam)).toBeCloseTo(10, 10);
    const cost = (config: typeof cg) => planPhases(config).find((p) => p.phase === 'finetune:random')!.costPerSample;
    expect(cost(cg) / cost(adam)).toBeCloseTo(10, 10);
  });
});
