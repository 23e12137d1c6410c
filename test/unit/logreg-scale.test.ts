import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { trainLogisticRegression } from '../../src/engine/eval/logreg.ts';
import { fitStandardizer, SCALE_FLOOR_FRACTION, standardize } from '../../src/engine/eval/standardize.ts';
import { SeededRandom } from '../../src/engine/random.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('feature scaling for logistic regression', () => {
  it('leaves features already in [0, 1] (pixels) as they are, a rarely lit one included', () => {
    const rng = new SeededRandom(2);
    const rows = 500;
    // Column 0 a typical pixel, column 1 a border pixel lit in one image: standardising would make that one 22.3.
    const pixels = Float32Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? rng.next() : i === 1 ? 1 : 0));
    const standardizer = fitStandardizer(pixels, rows, 2);
    expect(standardizer.standardised).toBe(false);
    expect(Array.from(standardize(standardizer, pixels, rows))).toEqual(Array.from(pixels));
  });

  it('standardises unbounded features but never scales one by less than a tenth of the mean spread', () => {
    const rng = new SeededRandom(3);
    const rows = 1000;
    // Columns: N(1, 2²), N(-3, 1), and a near-constant code unit (0 but for one row at 0.01).
    const codes = new Float32Array(rows * 3);
    for (let i = 0; i < rows; i++) {
      codes[i * 3] = 1 + 2 * rng.normal();
      codes[i * 3 + 1] = -3 + rng.normal();
      codes[i * 3 + 2] = i === 7 ? 0.01 : 0;
    }
    const column = (j: number) => Array.from({ length: rows }, (_, i) => codes[i * 3 + j]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const spread = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
    const spreads = [0, 1, 2].map((j) => spread(column(j)));
    const floor = SCALE_FLOOR_FRACTION * mean(spreads);
    expect(floor).toBeGreaterThan(0.09);
    const standardizer = fitStandardizer(codes, rows, 3);
    expect(standardizer.standardised).toBe(true);
    expect(standardizer.std[0]).toBeCloseTo(spreads[0], 4);
    expect(standardizer.std[1]).toBeCloseTo(spreads[1], 4);
    expect(standardizer.std[2]).toBeCloseTo(floor, 5);
    const scaled = standardize(standardizer, codes, rows);
    // Unfloored, row 7 of the near-constant unit would be (0.01 - 1e-5) / 3.2e-4 = 31.6.
    expect(Math.abs(scaled[7 * 3 + 2])).toBeLessThan(0.15);
    expect(scaled[3]).toBeCloseTo((codes[3] - mean(column(0))) / spreads[0], 4);
  });
});

describe('L-BFGS convergence of logistic regression', () => {
  /** Three classes in five [0, 1] features with overlap, so the L2-penalised optimum is interior. */
  function problem(): { features: Float32Array; labels: Uint8Array } {
    const rng = new SeededRandom(9);
    const count = 300;
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
    const features = Float32Array.from({ length: count * 5 }, (_, k) => {
      const label = labels[Math.floor(k / 5)];
      const centre = (k % 5) === label ? 0.7 : 0.3;
      return Math.min(1, Math.max(0, centre + 0.25 * rng.normal()));
    });
    return { features, labels };
  }

  /** The penalised loss's gradient at the model, in double precision: Xᵀ(softmax - onehot)/n + l2 W, and the bias sums. */
  function gradientAt(weights: Float32Array, bias: Float32Array, features: Float32Array, labels: Uint8Array, l2: number): number {
    const [count, dim, classes] = [labels.length, 5, 3];
    const grad = new Float64Array(dim * classes + classes);
    for (let i = 0; i < count; i++) {
      const logits = [0, 1, 2].map((c) => bias[c] + [0, 1, 2, 3, 4].reduce((s, j) => s + features[i * dim + j] * weights[j * classes + c], 0));
      const top = Math.max(...logits);
      const exps = logits.map((l) => Math.exp(l - top));
      const total = exps.reduce((a, b) => a + b, 0);
      exps.forEach((e, c) => {
        const residual = (e / total - (labels[i] === c ? 1 : 0)) / count;
        for (let j = 0; j < dim; j++) grad[j * classes + c] += features[i * dim + j] * residual;
        grad[dim * classes + c] += residual;
      });
    }
    for (let k = 0; k < dim * classes; k++) grad[k] += l2 * weights[k];
    return Math.max(...Array.from(grad, Math.abs));
  }

  it('reaches the penalised optimum (zero gradient, checked by hand) and says so; cut short, it says it did not converge', async () => {
    const { features, labels } = problem();
    const l2 = 1e-2;
    const full = await trainLogisticRegression(features, 300, 5, labels, { l2, iterations: 500 });
    expect(full.converged).toBe(true);
    expect(full.iterations).toBeLessThan(500);
    expect(full.standardizer.standardised).toBe(false);
    expect(gradientAt(full.weights, full.bias, features, labels, l2)).toBeLessThan(1e-4);
    const short = await trainLogisticRegression(features, 300, 5, labels, { l2, iterations: 2 });
    expect(short.converged).toBe(false);
    expect(short.iterations).toBe(2);
    expect(gradientAt(short.weights, short.bias, features, labels, l2)).toBeGreaterThan(1e-3);
  });
});
