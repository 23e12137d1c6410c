import type { ArmName, ExperimentConfig } from './config.ts';

export interface BackendInfo {
  /** tfjs backend name: `tensorflow` (tfjs-node or -gpu), `webgpu`, `wasm` or `cpu`. */
  name: string;
  /** Which package provided it, e.g. `@tensorflow/tfjs-node-gpu`. */
  package: string;
  native: boolean;
  gpu: boolean;
  /** Backends tried before this one and why each failed to load. */
  skipped: { name: string; reason: string }[];
  /** The WebGPU adapter the `webgpu` backend trains on. */
  adapter?: GpuAdapterInfo;
  /** On wasm: which code ran the matrix products (native BLAS or XNNPACK) and why. */
  products?: ProductPath;
  /** On wasm: whether the workbench's SIMD heap kernels run, and why (the start-up guard's verdict). */
  heapKernels?: { active: boolean; reason: string };
}

/** The matrix products of the wasm backend: a native BLAS or XNNPACK. */
export interface ProductPath {
  path: 'blas' | 'xnnpack';
  library?: string;
  /** The BLAS's thread count when it loaded; a run logs each training thread's share. */
  threads?: number;
  /** The library's build and file for BLAS; why not, for XNNPACK. */
  reason: string;
}

/** A WebGPU adapter as a run records it. */
export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A CPU rasteriser posing as a GPU (llvmpipe, lavapipe, SwiftShader, WARP): slower than wasm. */
  software: boolean;
}

/** One point of a curve: a phase such as `pretrain:1` or `finetune:random`, an epoch, a metric name and value. */
export interface MetricPoint {
  phase: string;
  epoch: number;
  name: string;
  value: number;
}

export interface ArmResult {
  arm: ArmName;
  /** Squared error summed over pixels, averaged over test images. */
  testSSE: number;
  trainSSE: number;
  logregAccuracy: number;
  /** How the logistic regression on the codes was fitted (absent in runs made before it was recorded). */
  logreg?: LogregFit;
  /** Fine-tuning epochs this arm trained (absent in older runs: the configured finetune.epochs). */
  epochs?: number;
  /** Trained to a plateau: the epoch with the lowest validation error, whose weights the arm keeps, and that error. */
  plateau?: { bestEpoch: number; validationSSE: number; validationImages: number; stoppedEarly: boolean };
  seconds: number;
  /** How the weights started: `rbm` for the pretrained arm, the random scheme otherwise. */
  init: string;
}

/** How a logistic regression was fitted: L-BFGS iterations used of those allowed, and whether it converged. */
export interface LogregFit {
  iterations: number;
  maxIterations: number;
  converged: boolean;
  /** False where the features were used as they are (all in [0, 1]: pixels). */
  standardised: boolean;
}

export interface BaselineResult {
  testSSE?: number;
  logregAccuracy: number;
  logreg?: LogregFit;
  components?: number;
}

/** A grid of images, row-major, each `height*width*channels` floats in [0,1]. */
export interface ImageGrid {
  rows: { label: string; images: number[][] }[];
  height: number;
  width: number;
  channels: number;
  digits: number[];
}

export interface EmbeddingMap {
  representation: string;
  /** x,y pairs, one per point. */
  points: [number, number][];
  labels: number[];
  /** Indices of the test images that the points stand for. */
  indices: number[];
  kl?: number;
  /** Trustworthiness (k = 10) against the test images' pixels: the one yardstick every map is scored on. */
  trustworthiness?: number;
  /** Trustworthiness against the space the map was made from (an arm's codes): not comparable across representations. */
  trustworthinessOwnSpace?: number;
  knnAccuracy?: number;
  method: 'tsne' | 'umap' | 'code';
}

export interface MapQuality {
  /** Against the pixels, for every map. */
  trustworthiness: number;
  /** Against the map's own input space, where that differs from the pixels. */
  trustworthinessOwnSpace?: number;
  knnAccuracy: number;
  kl?: number;
}

export interface ExperimentSummary {
  backend: BackendInfo;
  config: ExperimentConfig;
  seed: number;
  arms: Partial<Record<ArmName, ArmResult>>;
  baselines: { pca?: BaselineResult; raw?: BaselineResult };
  seconds: number;
  /** Map quality per representation: t-SNE maps (and 2-d codes drawn as they are, which have no KL). */
  tsne?: Record<string, MapQuality>;
  /** The same for the UMAP maps, when evaluation.umap is on. */
  umap?: Record<string, MapQuality>;
  debias?: Record<string, unknown>;
}
