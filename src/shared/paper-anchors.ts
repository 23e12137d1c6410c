import type { ExperimentConfig } from './config.ts';

/** Hinton & Salakhutdinov (2006), MNIST test set, 30-d codes: squared error per image. */
export const PAPER_ANCHORS = {
  pca: 13.87,
  logisticPca: 8.01,
  autoencoder: 3.0,
} as const;

export const PAPER_CITATION = 'Hinton & Salakhutdinov, Science 313:504 (2006)';

/** The anchors measure MNIST with 30-d codes; on other data or code sizes they are no yardstick at all. */
export function anchorsApply(config: ExperimentConfig): boolean {
  return config.dataset.name === 'mnist' && config.layers.at(-1) === 30;
}

/** Why a run's numbers are not directly comparable with the paper's, or an empty list when they are. */
export function anchorCaveats(config: ExperimentConfig): string[] {
  const caveats: string[] = [];
  if (config.dataset.name !== 'mnist') caveats.push(`the dataset is ${config.dataset.name}, not MNIST`);
  const code = config.layers.at(-1);
  if (code !== 30) caveats.push(`the code has ${code} dimensions, not 30`);
  if (config.dataset.trainSize < 60_000) caveats.push(`training used ${config.dataset.trainSize.toLocaleString('en-US')} of the 60,000 images`);
  if (config.dataset.testSize < 10_000) caveats.push(`the test set has ${config.dataset.testSize.toLocaleString('en-US')} of the 10,000 images`);
  return caveats;
}
