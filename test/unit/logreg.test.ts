import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { accuracy, logisticRegressionAccuracy, predict, trainLogisticRegression } from '../../src/engine/eval/logreg.ts';
import { fitStandardizer, standardize } from '../../src/engine/eval/standardize.ts';
import { minimizeLbfgs } from '../../src/engine/eval/lbfgs.ts';
import { SeededRandom } from '../../src/engine/random.ts';

beforeAll(async () => {
  await initBackend();
});

const CENTRES = [0, 1, 2].map((k) => [2 * Math.cos((2 * Math.PI * k) / 3), 2 * Math.sin((2 * Math.PI * k) / 3)]);

/** Three unit-variance Gaussian blobs around CENTRES, equal priors, plus a constant third feature. */
function blobs(count: number, seed: number): { features: Float32Array; labels: Uint8Array } {
  const random = new SeededRandom(seed);
  const features = new Float32Array(count * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    labels[i] = label;
    features[i * 3] = CENTRES[label][0] + random.normal();
    features[i * 3 + 1] = CENTRES[label][1] + random.normal();
    features[i * 3 + 2] = 5;
  }
  return { features, labels };
}

/** The Bayes rule for equal priors and equal spherical covariances: the nearest centre. */
function nearestCentre(features: Float32Array, count: number): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => {
    const distances = CENTRES.map(([cx, cy]) => (features[i * 3] - cx) ** 2 + (features[i * 3 + 1] - cy) ** 2);
    return distances.indexOf(Math.min(...distances));
  });
}

describe('standardisation', () => {
  it('gives training features mean 0 and standard deviation 1, and leaves constant features at 0', () => {
    const { features } = blobs(300, 1);
    const scaled = standardize(fitStandardizer(features, 300, 3), features, 300);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 300; i++) {
      sum += scaled[i * 3];
      squares += scaled[i * 3] ** 2;
    }
    expect(Math.abs(sum / 300)).toBeLessThan(1e-5);
    expect(squares / 300).toBeCloseTo(1, 4);
    expect(scaled[5]).toBe(0);
  });
});

describe('L-BFGS', () => {
  it('finds the minimum of an ill-conditioned quadratic', async () => {
    const scales = [1, 10, 100];
    const target = [3, -2, 0.5];
    const result = await minimizeLbfgs(
      (x) => ({
        value: x.reduce((s, v, i) => s + 0.5 * scales[i] * (v - target[i]) ** 2, 0),
        gradient: Float64Array.from(x, (v, i) => scales[i] * (v - target[i])),
      }),
      new Float64Array(3),
      { maxIterations: 100, gradientTolerance: 1e-9 },
    );
    Array.from(result.x).forEach((v, i) => expect(v).toBeCloseTo(target[i], 6));
    expect(result.converged).toBe(true);
  });
});

describe('logistic regression', () => {
  it('separates a linearly separable toy set perfectly', async () => {
    const count = 200;
    const random = new SeededRandom(3);
    const features = new Float32Array(count * 2);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const x = random.next() * 2 - 1;
      const y = random.next() * 2 - 1;
      labels[i] = x + 2 * y > 0.1 ? 1 : 0;
      // Keep a margin around the boundary so the set is separable.
      const shift = labels[i] === 1 ? 0.2 : -0.2;
      features[i * 2] = x + shift;
      features[i * 2 + 1] = y + shift;
    }
    const model = await trainLogisticRegression(features, count, 2, labels, { l2: 0, iterations: 200 });
    expect(model.classes).toBe(2);
    expect(accuracy(await predict(model, features, count), labels)).toBe(1);
  });

  it('matches the Bayes classifier on three Gaussian blobs, and is deterministic', async () => {
    const train = blobs(1500, 5);
    const test = blobs(3000, 6);
    const trainSet = { ...train, count: 1500, dim: 3 };
    const testSet = { ...test, count: 3000, dim: 3 };
    const options = { l2: 1e-3, iterations: 200, classes: 3 };
    const { accuracy: score, model } = await logisticRegressionAccuracy(trainSet, testSet, options);
    const bayes = accuracy(nearestCentre(test.features, 3000), test.labels);
    // The Bayes error for centres 2*sqrt(3) apart with unit variance is about 8.5%.
    expect(bayes).toBeGreaterThan(0.88);
    expect(bayes).toBeLessThan(0.95);
    expect(Math.abs(score - bayes)).toBeLessThan(0.01);
    // At the optimum the biases' gradient vanishes: predicted class probabilities sum to the class counts (500 each).
    const scaled = standardize(model.standardizer, train.features, 1500);
    const probabilitySums = [0, 0, 0];
    for (let i = 0; i < 1500; i++) {
      const logits = [0, 1, 2].map((c) => model.bias[c] + [0, 1, 2].reduce((s, j) => s + scaled[i * 3 + j] * model.weights[j * 3 + c], 0));
      const top = Math.max(...logits);
      const exps = logits.map((l) => Math.exp(l - top));
      const total = exps.reduce((a, b) => a + b, 0);
      exps.forEach((e, c) => (probabilitySums[c] += e / total));
    }
    probabilitySums.forEach((sum) => expect(Math.abs(sum - 500)).toBeLessThan(0.5));
    const again = await logisticRegressionAccuracy(trainSet, testSet, options);
    expect(Array.from(again.model.weights)).toEqual(Array.from(model.weights));
    expect(again.accuracy).toBe(score);
  });

  it('names the field and the allowed range for bad options and labels', async () => {
    const features = new Float32Array(4);
    const labels = Uint8Array.from([0, 3]);
    await expect(trainLogisticRegression(features, 2, 2, labels, { l2: -1, iterations: 10 })).rejects.toThrow(/evaluation.logreg.l2 must be 0 or more/);
    await expect(trainLogisticRegression(features, 2, 2, labels, { l2: 0, iterations: 0 })).rejects.toThrow(/evaluation.logreg.iterations must be a positive integer/);
    await expect(trainLogisticRegression(features, 2, 2, labels, { l2: 0, iterations: 5, classes: 3 })).rejects.toThrow(/labels must be below classes=3 \(found label 3\)/);
  });
});
