import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, PRESETS, clonePreset } from '../../src/shared/presets.ts';
import { ConfigError, parseSetValue, setConfigPath, validateConfig } from '../../src/shared/validate.ts';

function errorsOf(input: unknown): Record<string, string> {
  const result = validateConfig(input);
  if (result.ok) return {};
  return Object.fromEntries(result.errors.map((e) => [e.path, e.message]));
}

describe('experiment config validation', () => {
  it('accepts every preset as it is', () => {
    for (const name of PRESET_NAMES) expect(validateConfig(PRESETS[name]).ok, name).toBe(true);
  });

  it('names the field and the allowed range for out-of-range numbers', () => {
    const config = clonePreset('quick');
    config.pretrain.epochs = -1;
    config.finetune.batchSize = 0;
    config.pretrain.learningRate = 0;
    const errors = errorsOf(config);
    expect(errors['pretrain.epochs']).toBe('must be at least 0');
    expect(errors['finetune.batchSize']).toBe('must be at least 1');
    expect(errors['pretrain.learningRate']).toMatch(/at least 0/);
  });

  it('rejects unknown keys by their path', () => {
    const config = { ...clonePreset('smoke'), pretrain: { ...clonePreset('smoke').pretrain, epoch: 3 } };
    expect(errorsOf(config)['pretrain.epoch']).toBe('is not a known field');
  });

  it('checks that the first layer matches the images and that batches fit the data', () => {
    const config = clonePreset('smoke');
    config.layers = [100, 50, 10];
    config.pretrain.batchSize = 1000;
    const errors = errorsOf(config);
    expect(errors['layers.0']).toBe('must be 784, the pixel count of mnist images (got 100)');
    expect(errors['pretrain.batchSize']).toBe('must be at most dataset.trainSize (500)');
  });

  it('lists the allowed values of an enum field', () => {
    const config = { ...clonePreset('smoke'), finetune: { ...clonePreset('smoke').finetune, optimizer: 'rmsprop' } };
    expect(errorsOf(config)['finetune.optimizer']).toBe('must be one of "adam", "sgd", "cg"');
  });

  it('sets a field by dotted path and refuses unknown paths', () => {
    const config = setConfigPath(clonePreset('quick'), 'pretrain.momentum.final', 0.8);
    expect(config.pretrain.momentum.final).toBe(0.8);
    expect(() => setConfigPath(config, 'pretrain.nope', 1)).toThrow(ConfigError);
    expect(() => setConfigPath(config, 'pretrain.epochs.x', 1)).toThrow(/pretrain.epochs.x: is not a known field/);
  });

  it('sets optional fields the preset leaves out, whole or one sub-field at a time', () => {
    const quick = clonePreset('quick');
    expect(quick.finetune.untilPlateau).toBeUndefined();
    const plateau = { patience: 5, maxEpochs: 150, minDelta: 0.05, validationSize: 1000 };
    const whole = setConfigPath(quick, 'finetune.untilPlateau', plateau);
    expect(validateConfig(whole)).toMatchObject({ ok: true, config: { finetune: { untilPlateau: plateau } } });
    const partial = setConfigPath(quick, 'finetune.untilPlateau.patience', 5);
    const result = validateConfig(partial);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toContain('finetune.untilPlateau.maxEpochs');
    expect(() => setConfigPath(quick, 'finetune.untilPlateau.nope', 1)).toThrow(/finetune.untilPlateau.nope: is not a known field/);
    expect(() => setConfigPath(quick, 'finetune.nope.patience', 1)).toThrow(/"finetune.nope" has no sub-fields/);
  });

  it('parses --set values as JSON, dashed layer lists, or strings', () => {
    expect(parseSetValue('5')).toBe(5);
    expect(parseSetValue('[784,500,30]')).toEqual([784, 500, 30]);
    expect(parseSetValue('784-500-30')).toEqual([784, 500, 30]);
    expect(parseSetValue('adam')).toBe('adam');
    expect(parseSetValue('true')).toBe(true);
  });
});
