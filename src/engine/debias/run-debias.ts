import type { DebiasConfig } from '../../shared/config.ts';
import type { DebiasSummary, MethodDetection } from '../../shared/debias-results.ts';
import type { PipelineListener } from '../../shared/events.ts';
import { initBackend } from '../backend.ts';
import { throwIfCancelled } from '../cancellation.ts';
import { detectorInputOf } from './detector-input.ts';
import { DETECTOR_NAMES, methodKey, runDetector, type DetectorName } from './detectors.ts';
import { indicesByDigit } from './per-class.ts';
import { flagTop } from './rank-metrics.ts';
import { compareReweighting } from './reweighting.ts';
import { scoreDetection } from './scoring.ts';
import { DEFAULT_DEBIAS_SETTINGS, type DebiasSettings } from './settings.ts';
import type { ColoredSplit, Encoder, Scores } from './types.ts';

export interface RunDebiasArgs {
  /** ColoredMNIST splits from generateColoredMnist (the data the encoder was trained on, if any). */
  train: ColoredSplit;
  test: ColoredSplit;
  config: Required<DebiasConfig> & { seed: number };
  /** The trained autoencoder's encoder; without it kNN searches the (shrunk) pixels. */
  encode?: Encoder;
  /** Which detectors to run (default: all). */
  methods?: readonly DetectorName[];
  /** Whose flags the reweighted classifier upweights (fixed in advance: choosing by score would use the colours); `none` skips the comparison. */
  reweightBy?: DetectorName | 'none';
  settings?: Partial<DebiasSettings>;
  onEvent?: PipelineListener;
  signal?: AbortSignal;
}

/** Per digit, the top `contamination` fraction of its samples by score, as training-set indices. */
export function flagPerClass(scores: Scores, labels: Uint8Array, contamination: number): number[] {
  const flagged: number[] = [];
  for (const indices of indicesByDigit(labels)) {
    const top = flagTop(Float32Array.from(indices, (i) => scores[i]), contamination);
    top.forEach((position) => flagged.push(indices[position]));
  }
  return flagged;
}

function bestMethod(methods: Record<string, MethodDetection>): string {
  return Object.entries(methods).reduce((best, [name, result]) => (best === '' || result.auroc > methods[best].auroc ? name : best), '');
}

/**
 * Finds the bias-conflicting samples of each digit with each detector (images and digit labels
 * only), scores them against the sealed colour labels, and compares a digit classifier trained
 * with and without the flagged samples upweighted on the unbiased test split.
 */
export async function runDebias(args: RunDebiasArgs): Promise<DebiasSummary> {
  const started = performance.now();
  const { train, test, config, encode, signal } = args;
  const emit = args.onEvent ?? (() => {});
  const settings: DebiasSettings = { ...DEFAULT_DEBIAS_SETTINGS, ...args.settings };
  const detectors = args.methods ?? DETECTOR_NAMES;
  const reweightBy = args.reweightBy ?? 'gce-pixel-bag';
  if (reweightBy !== 'none' && !detectors.includes(reweightBy)) {
    throw new Error(`reweightBy "${reweightBy}" must be one of the methods run (${detectors.join(', ')}) or "none"`);
  }
  await initBackend();
  const input = detectorInputOf(train);
  const context = { settings, config, encode, signal };
  const methods: Record<string, MethodDetection> = {};
  const scoresByDetector = new Map<DetectorName, Scores>();
  const steps = detectors.length + (reweightBy === 'none' ? 0 : 1);

  for (const [position, detector] of detectors.entries()) {
    throwIfCancelled(signal);
    const key = methodKey(detector, context);
    const phase = `debias:${key}`;
    const phaseStart = performance.now();
    emit({ type: 'phase-start', phase, epochs: 1, samplesPerEpoch: train.images.count });
    const scores = await runDetector(detector, input, {
      ...context,
      onEpoch: (epoch, meanLoss) => emit({ type: 'epoch', phase, epoch, metrics: { loss: meanLoss } }),
    });
    scoresByDetector.set(detector, scores);
    const seconds = (performance.now() - phaseStart) / 1000;
    methods[key] = { ...scoreDetection(train, scores, config.contamination), seconds };
    emit({ type: 'phase-end', phase, seconds });
    emit({
      type: 'log',
      level: 'info',
      message: `${key}: AUROC ${methods[key].auroc.toFixed(4)}, AP ${methods[key].averagePrecision.toFixed(4)}, precision ${methods[key].precision.toFixed(4)}, recall ${methods[key].recall.toFixed(4)}`,
    });
    emit({ type: 'progress', phase, fraction: (position + 1) / steps, samplesPerSec: train.images.count / seconds, etaSeconds: seconds * (steps - position - 1) });
  }

  const summary: DebiasSummary = {
    dataset: { skew: config.skew, severity: config.severity, seed: config.seed, trainCount: train.images.count, testCount: test.images.count },
    contamination: config.contamination,
    methods,
    best: bestMethod(methods),
    seconds: 0,
  };
  if (reweightBy !== 'none') {
    const phase = 'debias:classifier';
    const phaseStart = performance.now();
    emit({ type: 'phase-start', phase, epochs: settings.classifier.epochs * 2, samplesPerEpoch: train.images.count });
    const flagged = flagPerClass(scoresByDetector.get(reweightBy)!, train.images.labels, config.contamination);
    const upweight = Math.round(Math.min(100, Math.max(1, (1 - config.contamination) / Math.max(config.contamination, 1e-6))) * 1000) / 1000;
    const comparison = await compareReweighting({
      train: train.images,
      test: test.images,
      flagged,
      upweight,
      settings: settings.classifier,
      seed: config.seed,
      signal,
    });
    summary.classifier = { ...comparison, flaggedBy: methodKey(reweightBy, context) };
    emit({ type: 'phase-end', phase, seconds: (performance.now() - phaseStart) / 1000 });
    emit({
      type: 'log',
      level: 'info',
      message: `digit classifier on the unbiased test split: plain ${comparison.plain.toFixed(4)}, flagged x${upweight.toFixed(1)} ${comparison.reweighted.toFixed(4)}`,
    });
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
