import { constants as bufferConstants } from 'node:buffer';
import { freemem, totalmem } from 'node:os';
import type { ExperimentConfig } from '../shared/config.ts';
import { ConfigError } from '../shared/validate.ts';

const FLOAT_BYTES = 4;
/** tfjs-backend-wasm 4.x is wasm32: its heap (every tensor of a thread) cannot pass 4 GiB. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;
/** Optimizer state kept per parameter: Adam's two moments, SGD's velocity, CG's directions and gradients. */
const OPTIMIZER_COPIES = { adam: 2, sgd: 1, cg: 4 } as const;

/** What a run will hold at its peak, in bytes, with the figures that make it up. */
export interface RunSizeEstimate {
  /** Weights and biases of one unrolled autoencoder. */
  parameters: number;
  bytes: {
    /** The training and test images (JavaScript memory). */
    dataset: number;
    /** The training set passed up the stack for the RBM being trained (and the one below it while it is mapped). */
    layerInputs: number;
    /** RBMs (weights and momentum increments) and every arm's weights and gradients. */
    weights: number;
    /** Every arm's optimizer state. */
    optimizer: number;
    /** The largest batch's activations and gradients, and the temporaries of one weight update. */
    activations: number;
    /** Checkpoint copies of every weight, read back once an epoch. */
    checkpoints: number;
    total: number;
  };
  /** The most one thread's tensors take at once (on wasm: its heap). */
  tensorBytes: number;
  /** The largest single array the run allocates. */
  largestArray: { what: string; elements: number };
}

/** What the machine offers: memory, and the limits of the backend's heap and of one typed array. */
export interface MachineLimits {
  totalBytes: number;
  availableBytes: number;
  /** The tensor heap of one thread (wasm: 4 GiB); undefined where there is none. */
  heapBytes?: number;
  /** GPU memory, for a GPU backend that reports it (a hook: nothing sets it yet). */
  gpuBytes?: number;
  maxArrayElements: number;
}

export function machineLimits(backendName: string, gpuBytes?: number): MachineLimits {
  return {
    totalBytes: totalmem(),
    availableBytes: freemem(),
    ...(backendName === 'wasm' ? { heapBytes: WASM_HEAP_BYTES } : {}),
    ...(gpuBytes !== undefined ? { gpuBytes } : {}),
    maxArrayElements: bufferConstants.MAX_LENGTH,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function estimateRunSize(config: ExperimentConfig): RunSizeEstimate {
  const s = config.layers;
  const n = config.dataset.trainSize;
  const pretrained = config.arms.includes('pretrained');
  const pairs = s.slice(1).map((hidden, i) => ({ visible: s[i], hidden }));
  const parameters = sum(pairs.map(({ visible, hidden }) => 2 * visible * hidden + visible + hidden));
  const rbmFloats = pretrained ? 2 * sum(pairs.map(({ visible, hidden }) => visible * hidden + visible + hidden)) : 0;
  // Layer k >= 2 trains on n rows of s[k-1] values, mapped from the n rows of s[k-2] below it (pixels for k = 2).
  const inputFloats = pretrained ? Math.max(0, ...pairs.slice(1).map((_, i) => n * s[i + 1] + (i > 0 ? n * s[i] : 0))) : 0;
  const armCount = config.arms.length;
  const armWeights = armCount * 2 * parameters;
  const optimizerFloats = armCount * OPTIMIZER_COPIES[config.finetune.optimizer] * parameters;
  const largestWeights = Math.max(...pairs.map(({ visible, hidden }) => visible * hidden));
  const finetuneBatch = armCount > 0 ? config.finetune.batchSize * (s[0] + 3 * 2 * sum(s.slice(1))) : 0;
  const cdBatch = pretrained ? config.pretrain.batchSize * Math.max(...pairs.map(({ visible, hidden }) => (2 + 2 * config.pretrain.cdK) * (visible + hidden))) : 0;
  const activationFloats = Math.max(finetuneBatch, cdBatch) + 3 * largestWeights;
  const bytes = {
    dataset: (n + config.dataset.testSize) * s[0] * FLOAT_BYTES,
    layerInputs: inputFloats * FLOAT_BYTES,
    weights: (rbmFloats + armWeights) * FLOAT_BYTES,
    optimizer: optimizerFloats * FLOAT_BYTES,
    activations: activationFloats * FLOAT_BYTES,
    checkpoints: (rbmFloats + armCount * (1 + OPTIMIZER_COPIES[config.finetune.optimizer]) * parameters) * FLOAT_BYTES,
    total: 0,
  };
  bytes.total = bytes.dataset + bytes.layerInputs + bytes.weights + bytes.optimizer + bytes.activations + bytes.checkpoints;
  const oneArmTensors = (2 + OPTIMIZER_COPIES[config.finetune.optimizer]) * parameters;
  const widest = pairs.reduce((best, pair, i) => (pair.visible * pair.hidden > best.elements ? { what: `the weights of layers ${i}-${i + 1} (${pair.visible}x${pair.hidden})`, elements: pair.visible * pair.hidden } : best), { what: '', elements: 0 });
  const widestInput = Math.max(...s.slice(0, -1));
  const largestArray = n * widestInput > widest.elements ? { what: `the training set at a layer of ${widestInput} units (${n}x${widestInput})`, elements: n * widestInput } : widest;
  return { parameters, bytes, tensorBytes: (rbmFloats + (armCount > 0 ? oneArmTensors : 0) + activationFloats) * FLOAT_BYTES, largestArray };
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 / 10 ? 3 : 1)} GiB`;
const count = (n: number) => n.toLocaleString('en-US');

/** Why the run cannot fit the machine, one reason a line; empty when it fits. */
export function runSizeProblems(estimate: RunSizeEstimate, limits: MachineLimits): string[] {
  const problems: string[] = [];
  const { bytes, largestArray } = estimate;
  if (largestArray.elements > limits.maxArrayElements) {
    problems.push(`its largest array, ${largestArray.what}, holds ${count(largestArray.elements)} floats; a typed array holds at most ${count(limits.maxArrayElements)}`);
  }
  if (bytes.total > limits.availableBytes) {
    problems.push(`it needs about ${gb(bytes.total)} of memory and this machine has ${gb(limits.availableBytes)} free of ${gb(limits.totalBytes)}`);
  }
  if (limits.heapBytes !== undefined && estimate.tensorBytes > limits.heapBytes) {
    problems.push(`its tensors need about ${gb(estimate.tensorBytes)} on one thread and the wasm heap holds at most ${gb(limits.heapBytes)}`);
  }
  if (limits.gpuBytes !== undefined && estimate.tensorBytes > limits.gpuBytes) {
    problems.push(`its tensors need about ${gb(estimate.tensorBytes)} and the GPU has ${gb(limits.gpuBytes)}`);
  }
  return problems;
}

/** Refuses, before anything is trained, a run that cannot fit the machine; the message gives the figures. */
export function checkRunSize(config: ExperimentConfig, limits: MachineLimits): RunSizeEstimate {
  const estimate = estimateRunSize(config);
  const problems = runSizeProblems(estimate, limits);
  if (problems.length === 0) return estimate;
  const { bytes } = estimate;
  const breakdown =
    `${count(estimate.parameters)} parameters per network; weights ${gb(bytes.weights)}, optimizer state ${gb(bytes.optimizer)}, ` +
    `layer inputs ${gb(bytes.layerInputs)}, images ${gb(bytes.dataset)}, batch activations ${gb(bytes.activations)}, checkpoint copies ${gb(bytes.checkpoints)}`;
  throw new ConfigError([
    {
      path: 'layers',
      message: `[${config.layers.join(', ')}] with dataset.trainSize ${config.dataset.trainSize} cannot run here: ${problems.join('; ')} (${breakdown}). Use smaller layers or fewer images.`,
    },
  ]);
}
