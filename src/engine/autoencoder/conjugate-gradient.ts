import * as tf from '@tensorflow/tfjs';
import type { FinetuneConfig } from '../../shared/config.ts';
import type { BatchOutcome, BatchUpdater } from './batch-update.ts';
import { readFloats } from '../read-back.ts';
import { lossAndGradients } from './gradients.ts';
import { Autoencoder, type DenseLayer } from './network.ts';

interface Evaluation {
  value: tf.Scalar;
  gradient: tf.Tensor1D;
}

const INT = 0.1;
const EXT = 3.0;
const MAX_EVALUATIONS = 20;
const RATIO = 10;
const SIG = 0.1;
const RHO = SIG / 2;

function flatten(net: Autoencoder): tf.Tensor1D {
  return tf.tidy(() => tf.concat(net.layers.flatMap((l) => [tf.reshape(l.weights, [-1]), l.bias])) as tf.Tensor1D);
}

function unflatten(net: Autoencoder, flat: tf.Tensor1D): DenseLayer[] {
  const layers: DenseLayer[] = [];
  let offset = 0;
  for (const l of net.layers) {
    const [fanIn, fanOut] = l.weights.shape;
    const weights = tf.reshape(tf.slice(flat, [offset], [fanIn * fanOut]), [fanIn, fanOut]) as tf.Tensor2D;
    offset += fanIn * fanOut;
    const bias = tf.slice(flat, [offset], [fanOut]) as tf.Tensor1D;
    offset += fanOut;
    layers.push({ weights, bias });
  }
  return layers;
}

function dot(a: tf.Tensor1D, b: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.mul(a, b)));
}

/** The values of some scalars, in one read; the scalars are disposed. */
async function readAll(scalars: tf.Scalar[]): Promise<number[]> {
  const stacked = tf.stack(scalars);
  tf.dispose(scalars);
  try {
    return Array.from(await readFloats(stacked));
  } finally {
    stacked.dispose();
  }
}

function axpy(x: tf.Tensor1D, step: number, direction: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.add(x, tf.mul(direction, step)) as tf.Tensor1D);
}

/**
 * Conjugate gradients as in the paper's fine-tuning (Rasmussen's minimize.m: Polak-Ribière
 * directions, a line search with cubic extrapolation and interpolation under the Wolfe-Powell
 * conditions), run for `lineSearches` line searches on each batch, restarted per batch.
 */
export class ConjugateGradientUpdater implements BatchUpdater {
  readonly name = 'cg';

  constructor(
    private readonly settings: FinetuneConfig,
    private steps: number,
  ) {}

  private evaluate(net: Autoencoder, flat: tf.Tensor1D, batch: tf.Tensor2D, outcome?: { out?: BatchOutcome }): Evaluation {
    const result = tf.tidy(() => {
      const probe = new Autoencoder(net.sizes, unflatten(net, flat), net.init);
      const { lossSum, squaredErrorSum, gradients } = lossAndGradients(probe, batch, this.settings.loss, this.settings.weightDecay);
      let value: tf.Scalar = tf.div(lossSum, batch.shape[0]) as tf.Scalar;
      if (this.settings.weightDecay > 0) {
        const penalty = probe.layers.reduce((sum, l) => tf.add(sum, tf.sum(tf.square(l.weights))), tf.scalar(0));
        value = tf.add(value, tf.mul(penalty, this.settings.weightDecay / 2)) as tf.Scalar;
      }
      const gradient = tf.concat(gradients.map((g) => tf.reshape(g, [-1]))) as tf.Tensor1D;
      return { value, gradient, lossSum, squaredErrorSum };
    });
    if (outcome && !outcome.out) outcome.out = { lossSum: result.lossSum, squaredErrorSum: result.squaredErrorSum };
    else {
      result.lossSum.dispose();
      result.squaredErrorSum.dispose();
    }
    return { value: result.value, gradient: result.gradient };
  }

  /** One batch: each line-search step waits for one read of its loss and slope. */
  async update(net: Autoencoder, batch: tf.Tensor2D): Promise<BatchOutcome> {
    this.steps++;
    const first: { out?: BatchOutcome } = {};
    const keep = new Set<tf.Tensor>();
    const own = <T extends tf.Tensor>(t: T): T => {
      keep.add(t);
      return t;
    };
    const release = (t: tf.Tensor | undefined) => {
      if (t && keep.has(t)) {
        keep.delete(t);
        t.dispose();
      }
    };

    let x = own(flatten(net));
    const start = this.evaluate(net, x, batch, first);
    let df0 = own(start.gradient);
    let s = own(tf.neg(df0) as tf.Tensor1D);
    const [startValue, startSquare] = await readAll([start.value, dot(s, s)]);
    let f0 = startValue;
    let d0 = -startSquare;
    let x3 = 1 / (1 - d0);
    let lineSearchFailed = false;
    const length = this.settings.lineSearches;

    for (let i = 0; i < length; ) {
      i++;
      let bestX = x;
      let bestF = f0;
      let bestDf = df0;
      let evaluations = MAX_EVALUATIONS;
      let x2 = 0, f2 = f0, d2 = d0, f3 = f0, d3 = d0;
      let df3: tf.Tensor1D = df0;
      let x1: number, f1: number, d1: number;
      let x4 = 0, f4 = 0, d4 = 0;
      const probeAt = async (step: number): Promise<void> => {
        const point = own(axpy(x, step, s));
        const ev = this.evaluate(net, point, batch);
        own(ev.gradient);
        evaluations--;
        const previous = df3;
        const [value, slope] = await readAll([ev.value, dot(ev.gradient, s)]);
        f3 = value;
        df3 = ev.gradient;
        if (f3 < bestF) {
          if (bestX !== x) release(bestX);
          if (bestDf !== df0) release(bestDf);
          bestX = point;
          bestF = f3;
          bestDf = df3;
        } else release(point);
        if (previous !== df0 && previous !== bestDf) release(previous);
        d3 = slope;
      };
      for (;;) {
        x2 = 0; f2 = f0; d2 = d0;
        let ok = false;
        while (!ok && evaluations > 0) {
          await probeAt(x3);
          if (Number.isFinite(f3)) ok = true;
          else x3 = (x2 + x3) / 2;
        }
        if (d3 > SIG * d0 || f3 > f0 + x3 * RHO * d0 || evaluations === 0) break;
        x1 = x2; f1 = f2; d1 = d2;
        x2 = x3; f2 = f3; d2 = d3;
        const A = 6 * (f1 - f2) + 3 * (d2 + d1) * (x2 - x1);
        const B = 3 * (f2 - f1) - (2 * d1 + d2) * (x2 - x1);
        x3 = x1 - (d1 * (x2 - x1) ** 2) / (B + Math.sqrt(B * B - A * d1 * (x2 - x1)));
        if (!Number.isFinite(x3) || x3 < 0 || x3 > x2 * EXT) x3 = x2 * EXT;
        else if (x3 < x2 + INT * (x2 - x1)) x3 = x2 + INT * (x2 - x1);
      }
      while ((Math.abs(d3) > -SIG * d0 || f3 > f0 + x3 * RHO * d0) && evaluations > 0) {
        if (d3 > 0 || f3 > f0 + x3 * RHO * d0) {
          x4 = x3; f4 = f3; d4 = d3;
        } else {
          x2 = x3; f2 = f3; d2 = d3;
        }
        if (f4 > f0) x3 = x2 - (0.5 * d2 * (x4 - x2) ** 2) / (f4 - f2 - d2 * (x4 - x2));
        else {
          const A = (6 * (f2 - f4)) / (x4 - x2) + 3 * (d4 + d2);
          const B = 3 * (f4 - f2) - (2 * d2 + d4) * (x4 - x2);
          x3 = x2 + (Math.sqrt(B * B - A * d2 * (x4 - x2) ** 2) - B) / A;
        }
        if (!Number.isFinite(x3)) x3 = (x2 + x4) / 2;
        x3 = Math.max(Math.min(x3, x4 - INT * (x4 - x2)), x2 + INT * (x4 - x2));
        await probeAt(x3);
      }
      if (Math.abs(d3) < -SIG * d0 && f3 < f0 + x3 * RHO * d0) {
        const nextX = own(axpy(x, x3, s));
        release(x);
        x = nextX;
        f0 = f3;
        const [newSquare, overlap, oldSquare] = await readAll([dot(df3, df3), dot(df0, df3), dot(df0, df0)]);
        const beta = (newSquare - overlap) / oldSquare;
        const nextS = own(tf.tidy(() => tf.sub(tf.mul(s, beta), df3) as tf.Tensor1D));
        release(s);
        s = nextS;
        if (df0 !== df3) release(df0);
        df0 = df3;
        const previousSlope = d0;
        [d0] = await readAll([dot(df0, s)]);
        if (d0 > 0) {
          release(s);
          s = own(tf.neg(df0) as tf.Tensor1D);
          d0 = -(await readAll([dot(s, s)]))[0];
        }
        x3 = x3 * Math.min(RATIO, previousSlope / (d0 - Number.MIN_VALUE));
        lineSearchFailed = false;
      } else {
        if (bestX !== x) {
          release(x);
          x = bestX;
        }
        f0 = bestF;
        if (bestDf !== df0) {
          release(df0);
          df0 = bestDf;
        }
        if (lineSearchFailed) break;
        release(s);
        s = own(tf.neg(df0) as tf.Tensor1D);
        d0 = -(await readAll([dot(s, s)]))[0];
        x3 = 1 / (1 - d0);
        lineSearchFailed = true;
      }
      for (const t of [...keep]) if (t !== x && t !== s && t !== df0) release(t);
    }

    const layers = tf.tidy(() => unflatten(net, x).map((l) => ({ weights: tf.clone(l.weights), bias: tf.clone(l.bias) })));
    net.layers.forEach((l, i) => {
      l.weights.dispose();
      l.bias.dispose();
      l.weights = tf.keep(layers[i].weights);
      l.bias = tf.keep(layers[i].bias);
    });
    for (const t of [...keep]) release(t);
    return first.out!;
  }

  state(): Promise<{ state: Record<string, Float32Array>; steps: number }> {
    return Promise.resolve({ state: {}, steps: this.steps });
  }

  dispose(): void {}
}
