export interface TsneOptions {
  perplexity: number;
  iterations: number;
  learningRate: number;
  seed: number;
  init: 'pca' | 'random';
  /** Barnes-Hut accuracy: 0 is exact, larger is faster and coarser. Default 0.5. */
  theta?: number;
  /** Factor on P during the first phase. Default 12. */
  earlyExaggeration?: number;
  /** Length of the exaggerated, low-momentum phase. Default min(250, iterations/4). */
  exaggerationIterations?: number;
  /** How often onProgress is called, in iterations. Default 50. */
  progressEvery?: number;
}

export interface TsneHooks {
  /** `iteration` counts completed iterations; `kl` is KL(P‖Q) of the current map (un-exaggerated P). */
  onProgress?(iteration: number, kl: number): void;
  /** Aborting makes the run reject with an Error named 'AbortError'. */
  signal?: AbortSignal;
}

export interface TsneResult {
  /** x,y pairs, one per input row. */
  points: Float32Array;
  /** KL(P‖Q) of the final map, with Q normalised exactly. */
  kl: number;
}

export const TSNE_DEFAULTS = {
  theta: 0.5,
  earlyExaggeration: 12,
  maxExaggerationIterations: 250,
  initialMomentum: 0.5,
  finalMomentum: 0.8,
  minGain: 0.01,
  progressEvery: 50,
} as const;
