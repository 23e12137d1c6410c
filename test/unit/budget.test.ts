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

  it("names the paper's conjugate gradients, and an arm's own epoch count where it trained to a plateau", () => {
    const summary = { config: clonePreset('paper'), arms: { random: arm('random', 10, 3600, 137) } };
    expect(comparisonBudget(summary)).toBe(
      'Budget — random: conjugate gradients (3 line searches a batch), 137 epochs over 60,000 images in batches of 1,000, 3600.0 s. The comparison holds for this budget; another budget can change it.',
    );
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
