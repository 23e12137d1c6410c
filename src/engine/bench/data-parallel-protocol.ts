import type { BackendChoice, FinetuneConfig } from '../../shared/config.ts';

/**
 * How the workers combine their gradients. `replicated`: every worker averages every gradient and
 * updates every parameter. `sharded`: each worker averages and updates only the parameter tensors
 * it owns, then the workers copy each other's updated tensors (reduce-scatter, then all-gather).
 */
export type GradientExchange = 'replicated' | 'sharded';

/** The training every worker of one data-parallel run shares. */
export interface DataParallelJob {
  backend: BackendChoice;
  exchange: GradientExchange;
  layers: number[];
  /** The common starting parameters, w0, b0, w1, b1, … */
  initialParams: Float32Array[];
  settings: FinetuneConfig;
  /** Training images, row-major, in shared memory. */
  images: Float32Array;
  dim: number;
  /** Image indices in training order, in shared memory. */
  order: Int32Array;
  batchSize: number;
  /** Timed batches: order[s * batchSize, (s + 1) * batchSize) for s < steps. */
  steps: number;
  /** Untimed batches from the start of `order`, run before reporting ready. */
  warmupSteps: number;
}

/** What each data-parallel worker is started with; the shared buffers are seen by every worker. */
export interface DataParallelWorkerData extends DataParallelJob {
  index: number;
  workers: number;
  /** 2 (double buffering) x workers gradient slots, each one parameter vector long. */
  gradientSlots: SharedArrayBuffer;
  /** One parameter vector: each owner's updated tensors (sharded exchange). */
  paramBuffer: SharedArrayBuffer;
  barrier: SharedArrayBuffer;
  /** Send the final parameters back (tests). */
  returnParams: boolean;
}

/** Milliseconds a worker spent on each part of its timed steps. */
export interface StepTimings {
  /** Building the share's batch tensor from shared memory. */
  batch: number;
  /** Forward and backward pass. */
  gradients: number;
  /** Copying its gradients into its shared slot. */
  publish: number;
  /** Waiting at the barrier for the other workers. */
  wait: number;
  /** Reading every slot, weighting and summing, uploading the averaged gradients. */
  average: number;
  /** The optimizer step on the worker's own tensors (sharded: and copying them out). */
  update: number;
  /** Sharded: uploading the tensors the other workers updated. */
  gather: number;
}

export type DataParallelCommand = { type: 'start' };

export type DataParallelMessage =
  | { type: 'ready' }
  | { type: 'done'; seconds: number; lossSum: number; timings: StepTimings; params?: Float32Array[] }
  | { type: 'failed'; message: string; stack?: string };
