import type { TsneOptions } from './tsne-types.ts';

/** What the caller hands the t-SNE worker (as workerData). */
export interface TsneWorkerInput {
  data: Float32Array;
  count: number;
  dim: number;
  options: TsneOptions;
}

/** What the t-SNE worker posts back. */
export type TsneWorkerMessage =
  | { type: 'progress'; iteration: number; kl: number }
  | { type: 'done'; points: Float32Array; kl: number }
  | { type: 'error'; name: string; message: string };
