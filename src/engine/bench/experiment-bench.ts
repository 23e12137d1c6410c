import { clonePreset } from '../../shared/presets.ts';
import type { ExperimentConfig } from '../../shared/config.ts';
import { runExperiment } from '../pipeline.ts';

/** The fixed mid-size experiment of the performance issue: both arms, evaluation without t-SNE. */
export function midSizeExperiment(): ExperimentConfig {
  const config = clonePreset('quick');
  config.dataset.trainSize = 5000;
  config.pretrain.epochs = 3;
  config.finetune.epochs = 5;
  config.evaluation.tsne.points = 0;
  return config;
}

/** Wall seconds of the mid-size experiment on one thread and with the random arm on a second. */
export async function benchExperiment(): Promise<{ oneWorker: number; perCore: number; speedup: number }> {
  const config = midSizeExperiment();
  const time = async (parallel: boolean) => {
    const started = performance.now();
    await runExperiment(config, { onEvent: () => {}, parallel });
    return (performance.now() - started) / 1000;
  };
  const oneWorker = await time(false);
  const perCore = await time(true);
  return { oneWorker, perCore, speedup: oneWorker / perCore };
}
