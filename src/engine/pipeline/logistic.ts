import { logisticRegressionAccuracy, type LabelledFeatures } from '../eval/logreg.ts';
import type { LogregFit } from '../../shared/results.ts';

export interface LogisticFit {
  accuracy: number;
  fit: LogregFit;
}

/** Fits multinomial logistic regression on the training table and scores it on the test table; says how the fit went. */
export async function logisticFit(
  train: LabelledFeatures,
  test: LabelledFeatures,
  options: { l2: number; iterations: number },
  onIteration?: (iteration: number) => void | Promise<void>,
): Promise<LogisticFit> {
  const { accuracy, model } = await logisticRegressionAccuracy(train, test, { ...options, classes: 10, onIteration });
  return { accuracy, fit: { iterations: model.iterations, maxIterations: options.iterations, converged: model.converged, standardised: model.standardizer.standardised } };
}
