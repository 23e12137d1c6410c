import * as tf from '@tensorflow/tfjs';
import { adamAttrs, adamStep, type AdamMoments } from '../fused-updates.ts';
import { nativeAdamStep } from '../native-blas/updates.ts';
import { readFloats } from '../read-back.ts';
import type { Autoencoder } from './network.ts';

/** A first-order optimizer over the autoencoder's parameters in layer order (w0, b0, w1, b1, …). */
export interface Optimizer {
  readonly name: string;
  step(net: Autoencoder, gradients: tf.Tensor[]): void;
  /** Optimizer state for a checkpoint, by name. */
  state(): Promise<Record<string, Float32Array>>;
  stepCount(): number;
  dispose(): void;
}

function parameters(net: Autoencoder): tf.Tensor[] {
  return net.layers.flatMap((l) => [l.weights, l.bias]);
}

function setParameters(net: Autoencoder, values: tf.Tensor[]): void {
  net.layers.forEach((layer, i) => {
    layer.weights.dispose();
    layer.bias.dispose();
    layer.weights = tf.keep(values[2 * i]) as tf.Tensor2D;
    layer.bias = tf.keep(values[2 * i + 1]) as tf.Tensor1D;
  });
}

function zerosLike(net: Autoencoder): tf.Tensor[] {
  return parameters(net).map((p) => tf.keep(tf.zerosLike(p)));
}

function restore(net: Autoencoder, saved: Record<string, Float32Array> | undefined, prefix: string): tf.Tensor[] {
  if (!saved) return zerosLike(net);
  return parameters(net).map((p, i) => {
    const values = saved[`${prefix}.${i}`];
    if (!values || values.length !== p.size) throw new Error(`checkpoint is missing optimizer state ${prefix}.${i}`);
    // A copy: the plain-JS backend would otherwise adopt (and Adam then overwrite) the caller's array.
    return tf.keep(tf.tensor(values.slice(), p.shape));
  });
}

async function snapshot(tensors: tf.Tensor[], prefix: string): Promise<Record<string, Float32Array>> {
  // Copies: on the plain-JS backend a read returns the tensor's own array, which Adam updates in place.
  const values = await Promise.all(tensors.map(readFloats));
  return Object.fromEntries(values.map((v, i) => [`${prefix}.${i}`, v.slice()]));
}

function replaceAll(target: tf.Tensor[], values: tf.Tensor[]): void {
  for (let i = 0; i < target.length; i++) {
    target[i].dispose();
    target[i] = tf.keep(values[i]);
  }
}

/** Adam (Kingma & Ba) with bias correction; weight decay is applied by the gradient function as L2. */
export class AdamOptimizer implements Optimizer {
  readonly name = 'adam';
  private readonly moments: AdamMoments[];
  private steps: number;

  constructor(
    net: Autoencoder,
    private readonly learningRate: number,
    saved?: { state: Record<string, Float32Array>; steps: number },
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
    /** Force the fused (true) or tf-op (false) update; default: fused where the backend has it. */
    private readonly fused?: boolean,
  ) {
    const first = restore(net, saved?.state, 'adam.m');
    const second = restore(net, saved?.state, 'adam.v');
    this.moments = first.map((m, i) => ({ m, v: second[i] }));
    this.steps = saved?.steps ?? 0;
  }

  step(net: Autoencoder, gradients: tf.Tensor[]): void {
    this.steps++;
    const attrs = adamAttrs(this.learningRate, this.beta1, this.beta2, this.epsilon, this.steps);
    const params = parameters(net);
    const native = this.fused === undefined ? nativeAdamStep(params, gradients, this.moments, attrs) : undefined;
    setParameters(net, native ?? params.map((p, i) => adamStep(p, gradients[i], this.moments[i], attrs, this.fused)));
  }

  async state(): Promise<Record<string, Float32Array>> {
    return { ...(await snapshot(this.moments.map((s) => s.m), 'adam.m')), ...(await snapshot(this.moments.map((s) => s.v), 'adam.v')) };
  }

  stepCount(): number {
    return this.steps;
  }

  dispose(): void {
    this.moments.forEach(({ m, v }) => {
      m.dispose();
      v.dispose();
    });
  }
}

/** Stochastic gradient descent with classical momentum. */
export class SgdOptimizer implements Optimizer {
  readonly name = 'sgd';
  private readonly velocity: tf.Tensor[];
  private steps: number;

  constructor(
    net: Autoencoder,
    private readonly learningRate: number,
    private readonly momentum: number,
    saved?: { state: Record<string, Float32Array>; steps: number },
  ) {
    this.velocity = restore(net, saved?.state, 'sgd.velocity');
    this.steps = saved?.steps ?? 0;
  }

  step(net: Autoencoder, gradients: tf.Tensor[]): void {
    this.steps++;
    const updated = tf.tidy(() => {
      const velocity = gradients.map((g, i) => tf.sub(tf.mul(this.velocity[i], this.momentum), tf.mul(g, this.learningRate)));
      const next = parameters(net).map((p, i) => tf.add(p, velocity[i]));
      return { velocity, next };
    });
    replaceAll(this.velocity, updated.velocity);
    setParameters(net, updated.next);
  }

  state(): Promise<Record<string, Float32Array>> {
    return snapshot(this.velocity, 'sgd.velocity');
  }

  stepCount(): number {
    return this.steps;
  }

  dispose(): void {
    this.velocity.forEach((t) => t.dispose());
  }
}
