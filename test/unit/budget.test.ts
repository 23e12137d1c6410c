import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/cli/summary-table.ts';
import { comparisonSentence } from '../../src/main/export/report-tables.ts';
import { comparisonBudget } from '../../src/shared/budget.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import type { ArmResult, ExperimentSummary } from '../../src/shared/results.ts';

function arm(name: 'pretrained' | 'random', testSSE: number, seconds: number, epochs?: number): ArmResult {
  return { arm: name, testSSE, trainSSE: testSSE, logregAccuracy: 0.9, seconds, init: name === 'pretrained' ? 'rbm' : 'glorot-uniform', ...(epochs ? { epochs } : {}) };
}

function quickSummary(): ExperimentSummary {
  return {
    config: clonePreset('quick'),
    arms: { pretrained: arm('pretrained', 6.19, 95.25), random: arm('random', 29.72, 80.04) },
    baselines: { pca: { testSSE: 13.93, logregAccuracy: 0.894, components: 30 } },
  } as unknown as ExperimentSummary;
}

describe('every comparison between arms states its budget', () => {
  it("names quick's optimizer, epochs, images, batch size and each arm's wall time, and the pretraining", () => {
    const sentence = comparisonBudget(quickSummary());
    expect(sentence).toContain('pretrained: Adam (learning rate 0.001), 20 epochs over 10,000 images in batches of 100, 95.3 s');
    expect(sentence).toContain('random: Adam (learning rate 0.001), 20 epochs over 10,000 images in batches of 100, 80.0 s');
    expect(sentence).toContain('the pretrained arm first had 10 RBM epochs a layer (CD-1, batches of 100)');
  });

  it("names the paper's conjugate gradients, the question a plateau run answered, and each arm's own epochs", () => {
    const config = clonePreset('paper');
    config.finetune.untilPlateau = { patience: 10, maxEpochs: 200, minDelta: 0.01, validationSize: 10_000 };
    const random = { ...arm('random', 10, 3600, 137), plateau: { bestEpoch: 127, validationSSE: 9.5, validationImages: 10_000, stoppedEarly: true } };
    expect(comparisonBudget({ config, arms: { random } })).toBe(
      'Trained to a plateau: each arm until its error on 10,000 images held out of the training set (not the test set) had not improved by 0.01 for 10 epochs, at most 200 epochs; it keeps its last weights. ' +
        'Budget — random: conjugate gradients (3 line searches a batch), 137 epochs (lowest validation error at epoch 127) over 50,000 images in batches of 1,000, 3600.0 s. The comparison holds for this budget; another budget can change it.',
    );
    expect(comparisonBudget(quickSummary())).toMatch(/^Fixed budget: every arm fine-tuned for the same 20 epochs\. Budget — /);
  });

  it('puts the budget under the CLI table and into the report’s comparison, which says one run per arm has no spread', () => {
    const summary = quickSummary();
    const budget = comparisonBudget(summary);
    expect(summaryTable(summary).split('\n').at(-1)).toBe(budget);
    const lead = comparisonSentence(summary);
    expect(lead).toContain('79.2% below the random-start arm (29.72)');
    expect(lead).toContain('20 epochs over 10,000 images in batches of 100, 95.3 s');
    expect(lead).toContain('One run per arm (no spread over seeds)');
  });
});
