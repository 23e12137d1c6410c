import { describe, expect, it } from 'vitest';
import { errorSentence, fieldLabel } from '../../src/renderer/src/form/error-text.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import { validateConfig } from '../../src/shared/validate.ts';

describe('validation messages in the form’s words', () => {
  it('names a list element by its 1-based position and the form’s label, never the 0-based config path', () => {
    const result = validateConfig({ ...structuredClone(smokePreset), layers: [100, 64, 32, 8] });
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.path)).toEqual(['layers.0']);
    expect(errorSentence(errors[0])).toBe('Layer 1 size must be 784, the pixel count of mnist images (got 100)');
    expect(errorSentence({ path: 'arms.1', message: 'must be one of "pretrained", "random"' })).toBe('Arms, item 2, must be one of "pretrained", "random"');
  });

  it('qualifies labels two fields share, and replaces config paths inside a message', () => {
    expect(fieldLabel('finetune.batchSize')).toBe('Batch size');
    expect(fieldLabel('finetune.batchSize', true)).toBe('Fine-tuning batch size');
    expect(fieldLabel('dataset.trainSize', true)).toBe('Training images');
    const plateau = { path: 'finetune.untilPlateau.validationSize', message: 'must leave at least one batch: at most dataset.trainSize - finetune.batchSize (400)' };
    expect(errorSentence(plateau)).toBe('finetune.untilPlateau.validationSize must leave at least one batch: at most training images - fine-tuning batch size (400)');
  });

  it('shows cross-field errors alongside the schema errors of other fields', () => {
    const config = { ...structuredClone(smokePreset), seed: -1, evaluation: { ...smokePreset.evaluation, tsne: { ...smokePreset.evaluation.tsne, points: 9999 } } };
    const result = validateConfig(config);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toContain('seed');
    expect(paths).toContain('evaluation.tsne.points');
    // A field whose own value is invalid gets no second, cross-field message.
    const both = validateConfig({ ...structuredClone(smokePreset), layers: ['x', 64, 32, 8] });
    expect(both.ok ? [] : both.errors.map((e) => e.path)).toEqual(['layers.0']);
  });
});
