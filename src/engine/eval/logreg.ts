import * as tf from '@tensorflow/tfjs';
import { readFloats, readValues } from '../read-back.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { fitStandardizer, standardize, type Standardizer } from './standardize.ts';

export interface LogisticRegressionOptions {
  /** Penalty l2/2 * |W|^2 added to the mean cross-entropy (biases are not penalised). */
  l2: number;
  /** L-BFGS iterations at most. */
  iterations: number;
  /** Number of classes; default: the largest label + 1. */
  classes?: number;
  /** Called after each L-BFGS iteration with its number and awaited (progress; a throw stops the fit). */
  onIteration?: (iteration: number) => void | Promise<void>;
}

export interface LogisticRegressionModel {
  dim: number;
  classes: number;
  /** Fitted on the training features and applied to every set the model scores. */
  standardizer: Standardizer;
  /** `dim * classes`, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  /** Final regularised training loss. */
  loss: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/** Features, labels and their shape, as one argument. */
export interface LabelledFeatures {
  features: Float32Array;
  count: number;
  dim: number;
  labels: Uint8Array;
}

const PREDICT_CHUNK_ROWS = 8192;

function checkInputs(features: Float32Array, count: number, dim: number, labels: Uint8Array, options: LogisticRegressionOptions): number {
  if (!Number.isInteger(count) || count < 1 || features.length < count * dim) {
    throw new RangeError(`logistic regression needs at least one row of ${dim} features (got ${features.length} values for ${count} rows)`);
  }
  if (labels.length < count) throw new RangeError(`logistic regression got ${labels.length} labels for ${count} rows`);
  if (!(options.l2 >= 0)) throw new RangeError(`evaluation.logreg.l2 must be 0 or more (got ${options.l2})`);
  if (!Number.isInteger(options.iterations) || options.iterations < 1) {
    throw new RangeError(`evaluation.logreg.iterations must be a positive integer (got ${options.iterations})`);
  }
  let largest = 0;
  for (let i = 0; i < count; i++) largest = Math.max(largest, labels[i]);
  const classes = options.classes ?? largest + 1;
  if (largest >= classes) throw new RangeError(`labels must be below classes=${classes} (found label ${largest})`);
  return Math.max(classes, 2);
}

/**
 * Multinomial logistic regression, full batch, L-BFGS from zero weights (so deterministic).
 * The gradient is written out: X^T (softmax - onehot) / n + l2 W.
 */
export async function trainLogisticRegression(
  features: Float32Array,
  count: number,
  dim: number,
  labels: Uint8Array,
  options: LogisticRegressionOptions,
): Promise<LogisticRegressionModel> {
  const classes = checkInputs(features, count, dim, labels, options);
  const standardizer = fitStandardizer(features, count, dim);
  const weightCount = dim * classes;
  const x = tf.tensor2d(standardize(standardizer, features, count), [count, dim]);
  // Transposed once here: the gradient X^T R then needs no per-step transpose of the large matrix.
  const xTransposed = tf.transpose(x);
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(labels.subarray(0, count)), 'int32'), classes).toFloat());
  const evaluate = async (params: Float64Array) => {
    const [loss, gradW, gradB] = tf.tidy(() => {
      const w = tf.tensor2d(Float32Array.from(params.subarray(0, weightCount)), [dim, classes]);
      const b = tf.tensor1d(Float32Array.from(params.subarray(weightCount)));
      const logProbabilities = tf.logSoftmax(tf.add(tf.matMul(x, w), b));
      const crossEntropy = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbabilities), 1)));
      const penalty = tf.mul(options.l2 / 2, tf.sum(tf.square(w)));
      const residual = tf.div(tf.sub(tf.exp(logProbabilities), oneHot), count);
      const gradWeights = tf.add(tf.matMul(xTransposed, residual), tf.mul(options.l2, w));
      return [tf.add(crossEntropy, penalty), gradWeights, tf.sum(residual, 0)];
    });
    try {
      const [lossValue, weightsGradient, biasGradient] = await Promise.all([loss, gradW, gradB].map(readFloats));
      const gradient = new Float64Array(weightCount + classes);
      gradient.set(weightsGradient);
      gradient.set(biasGradient, weightCount);
      return { value: lossValue[0], gradient };
    } finally {
      tf.dispose([loss, gradW, gradB]);
    }
  };
  try {
    const result = await minimizeLbfgs(evaluate, new Float64Array(weightCount + classes), {
      maxIterations: options.iterations,
      gradientTolerance: 1e-5,
      relativeTolerance: 1e-9,
      onIteration: options.onIteration,
    });
    return {
      dim,
      classes,
      standardizer,
      weights: Float32Array.from(result.x.subarray(0, weightCount)),
      bias: Float32Array.from(result.x.subarray(weightCount)),
      loss: result.value,
      iterations: result.iterations,
      evaluations: result.evaluations,
      converged: result.converged,
    };
  } finally {
    tf.dispose([x, xTransposed, oneHot]);
  }
}

/** The most probable class of each of `count` rows. */
export async function predict(model: LogisticRegressionModel, features: Float32Array, count: number): Promise<Uint8Array> {
  const scaled = standardize(model.standardizer, features, count);
  const predictions = new Uint8Array(count);
  const w = tf.tensor2d(model.weights, [model.dim, model.classes]);
  const b = tf.tensor1d(model.bias);
  try {
    for (let start = 0; start < count; start += PREDICT_CHUNK_ROWS) {
      const rows = Math.min(PREDICT_CHUNK_ROWS, count - start);
      const best = tf.tidy(() =>
        tf.argMax(tf.add(tf.matMul(tf.tensor2d(scaled.subarray(start * model.dim, (start + rows) * model.dim), [rows, model.dim]), w), b), 1),
      );
      try {
        predictions.set(await readValues(best), start);
      } finally {
        best.dispose();
      }
    }
  } finally {
    tf.dispose([w, b]);
  }
  return predictions;
}

/** Fraction of `predicted` equal to `labels`, in [0,1]. */
export function accuracy(predicted: Uint8Array, labels: Uint8Array): number {
  if (predicted.length === 0) return 0;
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / predicted.length;
}

/** Trains on `train`, scores on `test`: the test accuracy and the model. */
export async function logisticRegressionAccuracy(
  train: LabelledFeatures,
  test: LabelledFeatures,
  options: LogisticRegressionOptions,
): Promise<{ accuracy: number; model: LogisticRegressionModel }> {
  if (train.dim !== test.dim) throw new RangeError(`training features have ${train.dim} values per row but test features have ${test.dim}`);
  const model = await trainLogisticRegression(train.features, train.count, train.dim, train.labels, options);
  return { accuracy: accuracy(await predict(model, test.features, test.count), test.labels.subarray(0, test.count)), model };
}
