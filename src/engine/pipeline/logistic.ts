import { logisticRegressionAccuracy, type LabelledFeatures } from '../eval/logreg.ts';

/** Fits multinomial logistic regression on the training table and scores it on the test table. */
export function logisticAccuracy(train: LabelledFeatures, test: LabelledFeatures, options: { l2: number; iterations: number }): number {
  return logisticRegressionAccuracy(train, test, { ...options, classes: 10 }).accuracy;
}
