import * as tf from '@tensorflow/tfjs';
import { readFloats } from '../read-back.ts';

export const CLASSES = 10;

/** A small classifier with hand-written gradients (explicit transposes: no slow matMul flags on wasm). */
export interface TrainableClassifier {
  readonly variables: tf.Variable[];
  /** Input width per sample. */
  readonly dim: number;
  logits(x: tf.Tensor2D): tf.Tensor2D;
  /** A forward pass, and the gradient of sum(dLogits * logits) for each variable, in `variables` order. */
  forward(x: tf.Tensor2D): { logits: tf.Tensor2D; backward: (dLogits: tf.Tensor2D) => tf.Tensor[] };
}

let variableSerial = 0;

/** A uniquely named trainable variable (tfjs registers variables by name). */
export function namedVariable(initial: tf.Tensor, role: string): tf.Variable {
  return tf.variable(initial, true, `debias-${role}-${variableSerial++}`);
}

/** Class probabilities, `count * 10` values, computed in chunks. */
export async function classProbabilities(model: TrainableClassifier, inputs: Float32Array, count: number, chunk = 2048): Promise<Float32Array> {
  const out = new Float32Array(count * CLASSES);
  for (let start = 0; start < count; start += chunk) {
    const rows = Math.min(chunk, count - start);
    const p = tf.tidy(() => tf.softmax(model.logits(tf.tensor2d(inputs.subarray(start * model.dim, (start + rows) * model.dim), [rows, model.dim]))));
    out.set(await readFloats(p).finally(() => p.dispose()), start * CLASSES);
  }
  return out;
}

export function disposeClassifier(model: TrainableClassifier): void {
  model.variables.forEach((v) => v.dispose());
}
