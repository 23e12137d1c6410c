import type { ExperimentConfig } from '../../shared/config.ts';
import type { BaselineResult } from '../../shared/results.ts';
import type { Dataset } from '../data/types.ts';
import { fitPca, pcaEncode, pcaReconstruct, type PcaModel } from '../eval/pca.ts';
import { sumSquaredErrorPerImage } from '../eval/sse.ts';
import { logisticAccuracy } from './logistic.ts';

export interface PcaBaseline {
  model: PcaModel;
  trainCodes: Float32Array;
  testCodes: Float32Array;
  result?: BaselineResult;
}

/** PCA with as many components as the code layer, fitted on the same training images as the network. */
export function pcaBaseline(config: ExperimentConfig, data: Dataset, withResult: boolean): PcaBaseline {
  const { train, test } = data;
  const components = config.layers[config.layers.length - 1];
  const model = fitPca(train.images, train.count, train.dim, components);
  const trainCodes = pcaEncode(model, train.images, train.count);
  const testCodes = pcaEncode(model, test.images, test.count);
  if (!withResult) return { model, trainCodes, testCodes };
  const reconstruction = pcaReconstruct(model, testCodes, test.count);
  const testSSE = sumSquaredErrorPerImage(reconstruction, test.images, test.count, test.dim);
  const logregAccuracy = logisticAccuracy(
    { features: trainCodes, count: train.count, dim: components, labels: train.labels },
    { features: testCodes, count: test.count, dim: components, labels: test.labels },
    config.evaluation.logreg,
  );
  return { model, trainCodes, testCodes, result: { testSSE, logregAccuracy, components } };
}

/** Logistic regression on the raw pixels. */
export function rawBaseline(config: ExperimentConfig, data: Dataset): BaselineResult {
  const { train, test } = data;
  const logregAccuracy = logisticAccuracy(
    { features: train.images, count: train.count, dim: train.dim, labels: train.labels },
    { features: test.images, count: test.count, dim: test.dim, labels: test.labels },
    config.evaluation.logreg,
  );
  return { logregAccuracy };
}
