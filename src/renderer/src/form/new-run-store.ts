import { computed, ref } from 'vue';
import type { ExperimentConfig } from '../../../shared/config.ts';
import { PRESETS } from '../../../shared/presets.ts';
import { plainCopy } from './config-path.ts';
import { changedPaths } from './changed-paths.ts';

/**
 * The New run form's state, kept for the whole session (not in the view), so leaving the view and
 * coming back finds every edit where it was left.
 */
export const newRun = {
  presetName: ref('quick'),
  config: ref<ExperimentConfig>(plainCopy(PRESETS.quick)),
  /** What the form was last loaded from (a preset, a cloned run, a started run): edits are differences from it. */
  baseline: ref<ExperimentConfig>(plainCopy(PRESETS.quick)),
  runName: ref(''),
  tagsText: ref(''),
  clonedFrom: ref<number | undefined>(),
};

/** The config fields changed since the form was last loaded. */
export const editedPaths = computed(() => changedPaths(newRun.baseline.value, newRun.config.value));

/** Loads a config into the form, replacing any edits. */
export function loadIntoForm(config: ExperimentConfig, presetName: string, clonedFrom?: number): void {
  newRun.config.value = plainCopy(config);
  newRun.baseline.value = plainCopy(config);
  newRun.presetName.value = presetName;
  newRun.clonedFrom.value = clonedFrom;
}

/** After a run started from the form: its edits are spent, so choosing a preset no longer asks. */
export function markStarted(): void {
  newRun.baseline.value = plainCopy(newRun.config.value);
}
