import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossAndGradients } from '../../src/engine/autoencoder/gradients.ts';
import { crossEntropyFromLogitsSum } from '../../src/engine/autoencoder/logistic-units.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { SeededRandom } from '../../src/engine/random.ts';

function autodiffGradients(net: Autoencoder, x: tf.Tensor2D, loss: 'cross-entropy' | 'mse', decay: number): tf.Tensor[] {
  const params = net.layers.flatMap((l) => [l.weights, l.bias]);
  const f = (...p: tf.Tensor[]) => {
    let a: tf.Tensor = x;
    for (let i = 0; i < net.layers.length; i++) {
      const z = tf.add(tf.matMul(a as tf.Tensor2D, p[2 * i] as tf.Tensor2D), p[2 * i + 1]);
      a = i === net.layers.length - 1 ? z : net.isLogistic(i) ? tf.sigmoid(z) : z;
    }
    let objective =
      loss === 'cross-entropy'
        ? tf.div(crossEntropyFromLogitsSum(a, x), x.shape[0])
        : tf.mean(tf.square(tf.sub(tf.sigmoid(a), x)));
    for (let i = 0; i < net.layers.length; i++) objective = tf.add(objective, tf.mul(tf.sum(tf.square(p[2 * i])), decay / 2));
    return objective as tf.Scalar;
  };
  return tf.grads(f)(params);
}

describe('hand-written backpropagation', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  // On wasm the output layer's terms come from the workbench's SIMD kernel; on cpu from tf ops.
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const loss of ['cross-entropy', 'mse'] as const) {
      it(`matches TensorFlow.js autodiff for ${loss} with weight decay on ${backend}`, async () => {
        await initBackend(backend);
        const rng = new SeededRandom(11);
        const net = Autoencoder.random([12, 7, 5, 3], 'glorot-uniform', 0.1, rng);
        const x = tf.tensor2d(Array.from({ length: 4 * 12 }, () => rng.next()), [4, 12]);
        const mine = lossAndGradients(net, x, loss, 0.01).gradients;
        const reference = autodiffGradients(net, x, loss, 0.01);
        expect(mine).toHaveLength(reference.length);
        for (let k = 0; k < mine.length; k++) {
          const diff = tf.max(tf.abs(tf.sub(mine[k], reference[k]))).dataSync()[0];
          const scale = tf.max(tf.abs(reference[k])).dataSync()[0];
          expect(diff).toBeLessThan(1e-5 + 1e-4 * scale);
        }
        await initBackend('cpu');
      });
    }
  }

  it('computes cross-entropy from logits without overflow at extreme logits', () => {
    const value = crossEntropyFromLogitsSum(tf.tensor([[1000, -1000, 0]]), tf.tensor([[1, 0, 1]])).dataSync()[0];
    expect(value).toBeCloseTo(Math.log(2), 6);
  });
});
