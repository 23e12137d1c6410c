import * as tf from '@tensorflow/tfjs';
import type { FinetuneConfig } from '../../shared/config.ts';
import { lossAndGradients } from './gradients.ts';
import type { Autoencoder } from './network.ts';
import { AdamOptimizer, SgdOptimizer, type Optimizer } from './optimizers.ts';
import { ConjugateGradientUpdater } from './conjugate-gradient.ts';

export interface BatchOutcome {
  lossSum: tf.Scalar;
  squaredErrorSum: tf.Scalar;
}

/** One parameter update on one batch, and the state to checkpoint. */
export interface BatchUpdater {
  readonly name: string;
  /** Adam and SGD never wait; conjugate gradients reads its line search's values. */
  update(net: Autoencoder, batch: tf.Tensor2D): BatchOutcome | Promise<BatchOutcome>;
  state(): Promise<{ state: Record<string, Float32Array>; steps: number }>;
  dispose(): void;
}

class GradientStepUpdater implements BatchUpdater {
  constructor(
    private readonly optimizer: Optimizer,
    private readonly settings: FinetuneConfig,
  ) {}

  get name(): string {
    return this.optimizer.name;
  }

  update(net: Autoencoder, batch: tf.Tensor2D): BatchOutcome {
    const { lossSum, squaredErrorSum, gradients } = lossAndGradients(net, batch, this.settings.loss, this.settings.weightDecay);
    this.optimizer.step(net, gradients);
    gradients.forEach((g) => g.dispose());
    return { lossSum, squaredErrorSum };
  }

  async state(): Promise<{ state: Record<string, Float32Array>; steps: number }> {
    return { state: await this.optimizer.state(), steps: this.optimizer.stepCount() };
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

export function createBatchUpdater(
  net: Autoencoder,
  settings: FinetuneConfig,
  saved?: { state: Record<string, Float32Array>; steps: number },
): BatchUpdater {
  switch (settings.optimizer) {
    case 'adam':
      return new GradientStepUpdater(new AdamOptimizer(net, settings.learningRate, saved), settings);
    case 'sgd':
      return new GradientStepUpdater(new SgdOptimizer(net, settings.learningRate, settings.momentum, saved), settings);
    case 'cg':
      return new ConjugateGradientUpdater(settings, saved?.steps ?? 0);
  }
}
