import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../random.ts';
import { CLASSES, namedVariable, type TrainableClassifier } from './trainable-classifier.ts';

/**
 * A classifier that sees each pixel alone: the same small ReLU layer on every pixel's channels
 * (a 1x1 convolution), max-pooled over the image, then a linear layer. With no receptive field
 * it cannot read shape, so it is biased towards whatever single pixels tell (as the small
 * receptive-field models of Bahng et al. 2020, "ReBias").
 */
export function createPixelBag(pixels: number, channels: number, hidden: number, seed: number): TrainableClassifier {
  if (!Number.isInteger(hidden) || hidden < 1) throw new Error(`hidden units must be a positive integer (got ${hidden})`);
  const random = new SeededRandom(seed);
  const w1 = namedVariable(tf.randomNormal([channels, hidden], 0, Math.sqrt(2 / channels), 'float32', random.seed()), 'bag-w1');
  const b1 = namedVariable(tf.zeros([hidden]), 'bag-b1');
  const w2 = namedVariable(tf.randomNormal([hidden, CLASSES], 0, Math.sqrt(1 / hidden), 'float32', random.seed()), 'bag-w2');
  const b2 = namedVariable(tf.zeros([CLASSES]), 'bag-b2');
  const perPixel = (x: tf.Tensor2D) => {
    const rows = x.shape[0];
    const flat = tf.reshape(x, [rows * pixels, channels]) as tf.Tensor2D;
    const pre = tf.add(tf.matMul(flat, w1), b1);
    return { rows, flat, pre, activity: tf.reshape(tf.relu(pre), [rows, pixels, hidden]) as tf.Tensor3D };
  };
  return {
    variables: [w1, b1, w2, b2],
    dim: pixels * channels,
    logits: (x) => tf.add(tf.matMul(tf.max(perPixel(x).activity, 1), w2), b2),
    forward(x) {
      const { rows, flat, pre, activity } = perPixel(x);
      const pooled = tf.max(activity, 1) as tf.Tensor2D;
      return {
        logits: tf.add(tf.matMul(pooled, w2), b2),
        backward(dLogits) {
          const dPooled = tf.matMul(dLogits, tf.transpose(w2));
          // The pooled gradient goes to the pixel(s) holding the maximum, shared among ties.
          const winners = tf.cast(tf.equal(activity, tf.expandDims(pooled, 1)), 'float32');
          const share = tf.div(winners, tf.sum(winners, 1, true));
          const dActivity = tf.mul(share, tf.expandDims(dPooled, 1));
          const dPre = tf.mul(tf.reshape(dActivity, [rows * pixels, hidden]), tf.step(pre));
          return [tf.matMul(tf.transpose(flat), dPre), tf.sum(dPre, 0), tf.matMul(tf.transpose(pooled), dLogits), tf.sum(dLogits, 0)];
        },
      };
    },
  };
}
