import * as tf from '@tensorflow/tfjs';
import { yieldAndCheck } from '../cancellation.ts';
import { SeededRandom } from '../random.ts';
import { CLASSES, type TrainableClassifier } from './trainable-classifier.ts';

export interface LabelledRows {
  /** `count * dim` values. */
  inputs: Float32Array;
  labels: Uint8Array;
  count: number;
  dim: number;
}

export interface ClassifierTrainingOptions {
  epochs: number;
  /** Stop after this many optimiser steps even if the epochs are not done. */
  maxSteps?: number;
  batchSize: number;
  learningRate: number;
  /**
   * `cross-entropy`, or `gce`: generalised cross-entropy (1 - p_y^q) / q, whose gradient is the
   * cross-entropy gradient scaled by p_y^q, so the classifier leans on whatever it finds easy.
   */
  loss: 'cross-entropy' | 'gce';
  /** GCE exponent (Nam et al. 2020 use 0.7). */
  q?: number;
  /** Per-sample loss weights (mean 1 keeps the learning rate's meaning). */
  sampleWeights?: Float32Array;
  seed: number;
  signal?: AbortSignal;
  onEpoch?: (epoch: number, meanLoss: number) => void;
  /** Called after every `every` optimiser steps with the model as it stands. */
  onSteps?: { every: number; callback: (step: number) => void | Promise<void> };
}

function checkOptions(data: LabelledRows, model: TrainableClassifier, options: ClassifierTrainingOptions): void {
  const { epochs, batchSize, learningRate, q = 0.7, sampleWeights, maxSteps } = options;
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 1)) throw new Error(`maxSteps must be a positive integer (got ${maxSteps})`);
  if (data.dim !== model.dim) throw new Error(`the classifier takes ${model.dim} values per sample, the data has ${data.dim}`);
  if (data.inputs.length !== data.count * data.dim || data.labels.length !== data.count) {
    throw new Error(`inputs must hold ${data.count} rows of ${data.dim} values and ${data.count} labels`);
  }
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be a positive integer (got ${epochs})`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer (got ${batchSize})`);
  if (!(learningRate > 0)) throw new Error(`learningRate must be positive (got ${learningRate})`);
  if (!(q > 0 && q <= 1)) throw new Error(`GCE q must be in (0, 1] (got ${q})`);
  if (sampleWeights && sampleWeights.length !== data.count) {
    throw new Error(`sampleWeights must have one weight per sample (${data.count}, got ${sampleWeights.length})`);
  }
}

/** Trains `model` in place with Adam on seeded mini-batches. */
export async function trainClassifier(data: LabelledRows, model: TrainableClassifier, options: ClassifierTrainingOptions): Promise<void> {
  checkOptions(data, model, options);
  const { count, dim } = data;
  const { epochs, batchSize, learningRate, loss, q = 0.7, sampleWeights, signal, maxSteps = Infinity } = options;
  const random = new SeededRandom(options.seed);
  const optimizer = tf.train.adam(learningRate);
  const batchInputs = new Float32Array(batchSize * dim);
  const batchLabels = new Int32Array(batchSize);
  const batchWeights = new Float32Array(batchSize);
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs && step < maxSteps; epoch++) {
      const order = random.permutation(count);
      let lossSum: tf.Tensor = tf.scalar(0);
      let seen = 0;
      for (let start = 0; start < count && step < maxSteps; start += batchSize) {
        const rows = Math.min(batchSize, count - start);
        seen += rows;
        for (let r = 0; r < rows; r++) {
          const row = order[start + r];
          batchInputs.set(data.inputs.subarray(row * dim, (row + 1) * dim), r * dim);
          batchLabels[r] = data.labels[row];
          batchWeights[r] = sampleWeights ? sampleWeights[row] : 1;
        }
        const { gradients, batchLoss } = tf.tidy(() => {
          const x = tf.tensor2d(batchInputs.subarray(0, rows * dim), [rows, dim]);
          const y = tf.oneHot(tf.tensor1d(batchLabels.subarray(0, rows), 'int32'), CLASSES).toFloat();
          const weights = tf.tensor2d(batchWeights.subarray(0, rows), [rows, 1]);
          const { logits, backward } = model.forward(x);
          const logP = tf.logSoftmax(logits);
          const logPy = tf.sum(tf.mul(logP, y), 1, true);
          const py = tf.exp(logPy);
          const perSample = loss === 'gce' ? tf.div(tf.sub(1, tf.pow(py, q)), q) : tf.neg(logPy);
          const scale = loss === 'gce' ? tf.mul(weights, tf.pow(py, q)) : weights;
          const dLogits = tf.div(tf.mul(tf.sub(tf.exp(logP), y), scale), rows) as tf.Tensor2D;
          return {
            gradients: backward(dLogits).map((tensor, i) => ({ name: model.variables[i].name, tensor })),
            batchLoss: tf.sum(tf.mul(perSample, weights)),
          };
        });
        optimizer.applyGradients(gradients);
        gradients.forEach((g) => g.tensor.dispose());
        const total = tf.add(lossSum, batchLoss);
        tf.dispose([lossSum, batchLoss]);
        lossSum = total;
        step++;
        if (options.onSteps && step % options.onSteps.every === 0) await options.onSteps.callback(step);
        if (step % 20 === 0) await yieldAndCheck(signal);
      }
      const meanLoss = (await lossSum.data())[0] / seen;
      lossSum.dispose();
      options.onEpoch?.(epoch + 1, meanLoss);
      await yieldAndCheck(signal);
    }
  } finally {
    optimizer.dispose();
  }
}
