import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../random.ts';
import { CLASSES, namedVariable, type TrainableClassifier } from './trainable-classifier.ts';

/** dim -> hidden ReLU units -> 10 logits, He-initialised from `seed`. */
export function createMlp(dim: number, hidden: number, seed: number): TrainableClassifier {
  if (!Number.isInteger(hidden) || hidden < 1) throw new Error(`hidden units must be a positive integer (got ${hidden})`);
  const random = new SeededRandom(seed);
  const w1 = namedVariable(tf.randomNormal([dim, hidden], 0, Math.sqrt(2 / dim), 'float32', random.seed()), 'mlp-w1');
  const b1 = namedVariable(tf.zeros([hidden]), 'mlp-b1');
  const w2 = namedVariable(tf.randomNormal([hidden, CLASSES], 0, Math.sqrt(1 / hidden), 'float32', random.seed()), 'mlp-w2');
  const b2 = namedVariable(tf.zeros([CLASSES]), 'mlp-b2');
  const hiddenOf = (x: tf.Tensor2D) => tf.relu(tf.add(tf.matMul(x, w1), b1));
  return {
    variables: [w1, b1, w2, b2],
    dim,
    logits: (x) => tf.add(tf.matMul(hiddenOf(x), w2), b2),
    forward(x) {
      const h = hiddenOf(x);
      return {
        logits: tf.add(tf.matMul(h, w2), b2),
        backward(dLogits) {
          const dH = tf.mul(tf.matMul(dLogits, tf.transpose(w2)), tf.step(h));
          return [tf.matMul(tf.transpose(x), dH), tf.sum(dH, 0), tf.matMul(tf.transpose(h), dLogits), tf.sum(dLogits, 0)];
        },
      };
    },
  };
}
