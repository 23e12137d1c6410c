import type { ExperimentConfig } from '../../shared/config.ts';
import { loadDataset } from '../data/load.ts';
import type { Dataset } from '../data/types.ts';

/** The experiment's images: a named dataset cut to the configured sizes. */
export async function loadExperimentData(config: ExperimentConfig): Promise<Dataset> {
  return loadDataset(config.dataset, config.seed);
}
