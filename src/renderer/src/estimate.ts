import type { ExperimentConfig } from '../../shared/config.ts';

/** Rough floating-point operations of a whole experiment: RBM stack, each arm's fine-tuning, t-SNE. */
export function experimentFlops(config: ExperimentConfig): number {
  const layerPairs = config.layers.slice(1).map((out, i) => config.layers[i] * out);
  const weights = layerPairs.reduce((a, b) => a + b, 0);
  const n = config.dataset.trainSize;
  let flops = 0;
  if (config.arms.includes('pretrained')) {
    // Each CD-k update: up and down passes per Gibbs step plus the gradient outer products.
    const perSample = layerPairs.reduce((sum, w) => sum + 2 * w * (2 * config.pretrain.cdK + 3), 0);
    flops += perSample * n * config.pretrain.epochs;
  }
  // Forward and backward through encoder and decoder (6 flops per weight per image); CG re-evaluates per line search.
  const passes = config.finetune.optimizer === 'cg' ? config.finetune.lineSearches + 1 : 1;
  flops += config.arms.length * 12 * weights * n * config.finetune.epochs * passes;
  const tsnePoints = config.evaluation.tsne.points;
  const maps = tsnePoints > 0 ? config.arms.length + config.baselines.length : 0;
  flops += maps * 20 * tsnePoints * tsnePoints * config.evaluation.tsne.iterations;
  return flops;
}

/** Typical sustained speed when no run has been measured on this machine yet. */
export const DEFAULT_FLOPS_PER_SECOND: Record<string, number> = {
  'tensorflow-gpu': 2e11,
  tensorflow: 2e10,
  wasm: 3e9,
  cpu: 3e8,
};

export function estimateSeconds(config: ExperimentConfig, flopsPerSecond: number): number {
  return experimentFlops(config) / flopsPerSecond + 2;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}
