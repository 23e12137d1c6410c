import { describe, expect, it } from 'vitest';
import { changedPaths } from '../../src/renderer/src/form/changed-paths.ts';
import { editedPaths, loadIntoForm, markStarted, newRun } from '../../src/renderer/src/form/new-run-store.ts';
import { PRESETS } from '../../src/shared/presets.ts';

describe('the New run form’s store', () => {
  it('lists exactly the leaves that differ, arrays as one field', () => {
    const before = { a: 1, b: { c: 2, d: [1, 2] }, e: 'x' };
    expect(changedPaths(before, { a: 1, b: { c: 3, d: [1, 2, 3] }, e: 'x' })).toEqual(['b.c', 'b.d']);
    expect(changedPaths(before, { ...before, f: true })).toEqual(['f']);
    expect(changedPaths(before, structuredClone(before))).toEqual([]);
  });

  it('counts edits since a preset was loaded, none after loading or starting', () => {
    loadIntoForm(PRESETS.smoke, 'smoke');
    expect(editedPaths.value).toEqual([]);
    newRun.config.value = { ...newRun.config.value, seed: 7, finetune: { ...newRun.config.value.finetune, epochs: 9 } };
    expect(editedPaths.value).toEqual(['finetune.epochs', 'seed']);
    // The store outlives the view: what is read back is what was edited.
    expect(newRun.config.value.seed).toBe(7);
    markStarted();
    expect(editedPaths.value).toEqual([]);
    loadIntoForm(PRESETS.quick, 'quick');
    expect(newRun.presetName.value).toBe('quick');
    expect(newRun.config.value.dataset.trainSize).toBe(PRESETS.quick.dataset.trainSize);
  });
});
