import * as tf from '@tensorflow/tfjs';
import type { FinetuneConfig } from '../../shared/config.ts';
import { adamAttrs, adamStep, type AdamMoments } from '../fused-updates.ts';

/**
 * Which worker owns each parameter tensor: largest first, each to the least-loaded worker, so the
 * shards hold about equal numbers of values. Every worker computes the same assignment.
 */
export function assignShards(sizes: number[], workers: number): number[] {
  const owner = new Array<number>(sizes.length);
  const load = new Array<number>(workers).fill(0);
  const bySize = sizes.map((size, i) => ({ size, i })).sort((a, b) => b.size - a.size || a.i - b.i);
  for (const { size, i } of bySize) {
    const lightest = load.indexOf(Math.min(...load));
    owner[i] = lightest;
    load[lightest] += size;
  }
  return owner;
}

/** Adam or SGD with momentum over some of the parameters, with the same arithmetic as optimizers.ts. */
export interface ShardOptimizer {
  /** The updated parameters, in the order given; the caller disposes the old ones. */
  step(params: tf.Tensor[], gradients: tf.Tensor[]): tf.Tensor[];
  dispose(): void;
}

function zeros(shapes: number[][]): tf.Tensor[] {
  return shapes.map((shape) => tf.keep(tf.zeros(shape)));
}

function replace(target: tf.Tensor[], values: tf.Tensor[]): void {
  target.forEach((t, i) => {
    t.dispose();
    target[i] = tf.keep(values[i]);
  });
}

class ShardAdam implements ShardOptimizer {
  private readonly moments: AdamMoments[];
  private steps = 0;

  constructor(
    shapes: number[][],
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    const second = zeros(shapes);
    this.moments = zeros(shapes).map((m, i) => ({ m, v: second[i] }));
  }

  step(params: tf.Tensor[], gradients: tf.Tensor[]): tf.Tensor[] {
    this.steps++;
    const attrs = adamAttrs(this.learningRate, this.beta1, this.beta2, this.epsilon, this.steps);
    return params.map((p, i) => adamStep(p, gradients[i], this.moments[i], attrs));
  }

  dispose(): void {
    this.moments.forEach(({ m, v }) => [m, v].forEach((t) => t.dispose()));
  }
}

class ShardSgd implements ShardOptimizer {
  private readonly velocity: tf.Tensor[];

  constructor(
    shapes: number[][],
    private readonly learningRate: number,
    private readonly momentum: number,
  ) {
    this.velocity = zeros(shapes);
  }

  step(params: tf.Tensor[], gradients: tf.Tensor[]): tf.Tensor[] {
    const updated = tf.tidy(() => {
      const velocity = gradients.map((g, i) => tf.sub(tf.mul(this.velocity[i], this.momentum), tf.mul(g, this.learningRate)));
      return { velocity, next: params.map((p, i) => tf.add(p, velocity[i])) };
    });
    replace(this.velocity, updated.velocity);
    return updated.next;
  }

  dispose(): void {
    this.velocity.forEach((t) => t.dispose());
  }
}

export function createShardOptimizer(settings: FinetuneConfig, shapes: number[][]): ShardOptimizer {
  if (settings.optimizer === 'adam') return new ShardAdam(shapes, settings.learningRate);
  if (settings.optimizer === 'sgd') return new ShardSgd(shapes, settings.learningRate, settings.momentum);
  throw new Error(`data-parallel training needs a gradient optimizer (adam or sgd), not ${settings.optimizer}`);
}
