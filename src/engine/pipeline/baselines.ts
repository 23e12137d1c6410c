import type { ExperimentConfig } from '../../shared/config.ts';
import { logregPhase, PCA_FIT_PHASE, type PipelineListener } from '../../shared/events.ts';
import type { BaselineResult } from '../../shared/results.ts';
import type { Dataset } from '../data/types.ts';
import { fitPca, pcaEncode, pcaReconstruct, type PcaModel } from '../eval/pca.ts';
import { sumSquaredErrorPerImage } from '../eval/sse.ts';
import { logisticFit } from './logistic.ts';
import { PCA_FIT_STEPS, pcaFitCost, pcaScatterCost } from './stage-costs.ts';
import { asStage } from './stage-events.ts';
import type { PipelineProgress } from './state.ts';

export interface PcaBaseline {
  model: PcaModel;
  trainCodes: Float32Array;
  testCodes: Float32Array;
  result?: BaselineResult;
}

/** PCA with as many components as the code layer, fitted on the same training images as the network. */
export async function pcaBaseline(config: ExperimentConfig, data: Dataset, withResult: boolean, emit: PipelineListener = () => {}, signal?: AbortSignal): Promise<PcaBaseline> {
  const { train, test } = data;
  const components = config.layers[config.layers.length - 1];
  // The scatter matrix's share of the fit, reported as its rows are done; the eigenvectors are one step.
  const scatterSteps = PCA_FIT_STEPS * (pcaScatterCost(train.count, train.dim) / pcaFitCost(train.count, train.dim));
  const { model, trainCodes, testCodes } = await asStage(emit, PCA_FIT_PHASE, PCA_FIT_STEPS, signal, async (step) => {
    const fitted = await fitPca(train.images, train.count, train.dim, components, (rows) =>
      // fitPca does not wait for its callback: a cancel is noticed by the next stage's first step.
      step(Math.floor((scatterSteps * rows) / train.count)).catch(() => undefined),
    );
    return { model: fitted, trainCodes: await pcaEncode(fitted, train.images, train.count), testCodes: await pcaEncode(fitted, test.images, test.count) };
  });
  if (!withResult) return { model, trainCodes, testCodes };
  const reconstruction = await pcaReconstruct(model, testCodes, test.count);
  const testSSE = sumSquaredErrorPerImage(reconstruction, test.images, test.count, test.dim);
  const logreg = await asStage(emit, logregPhase('pca'), config.evaluation.logreg.iterations, signal, (step) =>
    logisticFit(
      { features: trainCodes, count: train.count, dim: components, labels: train.labels },
      { features: testCodes, count: test.count, dim: components, labels: test.labels },
      config.evaluation.logreg,
      step,
    ),
  );
  return { model, trainCodes, testCodes, result: { testSSE, logregAccuracy: logreg.accuracy, logreg: logreg.fit, components } };
}

/** Logistic regression on the raw pixels. */
export async function rawBaseline(config: ExperimentConfig, data: Dataset, emit: PipelineListener = () => {}, signal?: AbortSignal): Promise<BaselineResult> {
  const { train, test } = data;
  const logreg = await asStage(emit, logregPhase('raw'), config.evaluation.logreg.iterations, signal, (step) =>
    logisticFit(
      { features: train.images, count: train.count, dim: train.dim, labels: train.labels },
      { features: test.images, count: test.count, dim: test.dim, labels: test.labels },
      config.evaluation.logreg,
      step,
    ),
  );
  return { logregAccuracy: logreg.accuracy, logreg: logreg.fit };
}

/** Whether the run needs a PCA model: as a baseline, a reconstruction row or a map. */
export function needsPca(config: ExperimentConfig): boolean {
  return config.baselines.includes('pca') || config.evaluation.reconstructions || config.evaluation.tsne.points > 0;
}

/**
 * Fits PCA when anything needs it and scores the requested baselines that `progress` does not
 * hold yet, recording and announcing each result. Returns the PCA model for later stages.
 */
export async function runBaselines(config: ExperimentConfig, data: Dataset, progress: PipelineProgress, emit: PipelineListener, signal?: AbortSignal): Promise<PcaModel | undefined> {
  const pca = needsPca(config) ? await pcaBaseline(config, data, config.baselines.includes('pca') && !progress.baselines.pca, emit, signal) : undefined;
  if (pca?.result) {
    progress.baselines.pca = pca.result;
    emit({ type: 'baseline-result', baseline: 'pca', result: pca.result });
  }
  if (config.baselines.includes('raw') && !progress.baselines.raw) {
    progress.baselines.raw = await rawBaseline(config, data, emit, signal);
    emit({ type: 'baseline-result', baseline: 'raw', result: progress.baselines.raw });
  }
  return pca?.model;
}
