import type { ExperimentConfig } from '../shared/config.ts';
import type { PipelineListener } from '../shared/events.ts';

/**
 * Training produced a loss or a weight that is not a finite number. The run stops at the end of
 * that epoch; what was recorded before it (metrics, the last good checkpoint) is kept.
 */
export class DivergenceError extends Error {
  readonly phase: string;
  /** The 1-based epoch whose end found the non-finite value. */
  readonly epoch: number;
  /** The config field to lower, by its dotted path. */
  readonly setting: string;
  constructor(phase: string, epoch: number, setting: string, what: string, advice: string) {
    super(
      `training diverged in ${phase} at epoch ${epoch}: ${what} is not a finite number. ${advice} ` +
        `Everything up to ${epoch > 1 ? `epoch ${epoch - 1}` : 'the start'} of ${phase} is kept.`,
    );
    this.name = 'DivergenceError';
    this.phase = phase;
    this.epoch = epoch;
    this.setting = setting;
  }
}

/** The learning rate that drives a phase (`pretrain:<layer>` or `finetune:<arm>`), by config path. */
export function settingToLower(config: ExperimentConfig, phase: string): { path: string; value: number | string } {
  if (phase.startsWith('pretrain:')) {
    const top = Number(phase.slice('pretrain:'.length)) === config.layers.length - 1;
    return top
      ? { path: 'pretrain.topLearningRate', value: config.pretrain.topLearningRate }
      : { path: 'pretrain.learningRate', value: config.pretrain.learningRate };
  }
  if (config.finetune.optimizer === 'cg') return { path: 'finetune.optimizer', value: 'cg' };
  return { path: 'finetune.learningRate', value: config.finetune.learningRate };
}

function divergence(config: ExperimentConfig, phase: string, epoch: number, what: string): DivergenceError {
  const setting = settingToLower(config, phase);
  const advice =
    setting.path === 'finetune.optimizer'
      ? 'Conjugate gradients left the finite range: try finetune.optimizer=adam or lower the RBM learning rates.'
      : `Lower ${setting.path} (now ${setting.value}) and run again.`;
  return new DivergenceError(phase, epoch, setting.path, what, advice);
}

/** Throws a DivergenceError when any epoch metric is NaN or infinite. */
export function checkEpochMetrics(config: ExperimentConfig, phase: string, epoch: number, metrics: Record<string, number>): void {
  for (const [name, value] of Object.entries(metrics)) {
    if (!Number.isFinite(value)) throw divergence(config, phase, epoch, `${name} (${String(value)})`);
  }
}

/** The index of the first NaN or infinite value, or -1. */
export function firstNonFinite(values: Float32Array): number {
  // x * 0 is 0 for every finite x and NaN for NaN and ±Infinity, so one NaN anywhere turns the sum
  // into NaN: a branch-free pass, then a search only when something was found.
  let [a, b, c, d] = [0, 0, 0, 0];
  const whole = values.length - (values.length % 4);
  for (let i = 0; i < whole; i += 4) {
    a += values[i] * 0;
    b += values[i + 1] * 0;
    c += values[i + 2] * 0;
    d += values[i + 3] * 0;
  }
  for (let i = whole; i < values.length; i++) a += values[i] * 0;
  if (a + b + c + d === 0) return -1;
  return values.findIndex((value) => !Number.isFinite(value));
}

/** Throws a DivergenceError when any weight (or optimizer state) named in `arrays` is not finite. */
export function checkWeights(config: ExperimentConfig, phase: string, epoch: number, arrays: Record<string, Float32Array>): void {
  for (const [name, values] of Object.entries(arrays)) {
    const at = firstNonFinite(values);
    if (at >= 0) throw divergence(config, phase, epoch, `${name}[${at}] (${String(values[at])})`);
  }
}

/**
 * The stage's listener with a check in front: an epoch event of `phase` whose metrics are not all
 * finite is not passed on (so nothing records it) and stops the run with a DivergenceError.
 */
export function guardEpochMetrics(config: ExperimentConfig, phase: string, emit: PipelineListener): PipelineListener {
  return (event) => {
    if (event.type === 'epoch' && event.phase === phase) checkEpochMetrics(config, phase, event.epoch, event.metrics);
    emit(event);
  };
}
