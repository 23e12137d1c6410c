/** Per-feature mean and standard deviation of a training set, applied unchanged to any other set. */
export interface Standardizer {
  mean: Float32Array;
  std: Float32Array;
}

/** Features whose spread is below this are constant in training; they are centred but not scaled. */
const CONSTANT_FEATURE_STD = 1e-6;

export function fitStandardizer(features: Float32Array, count: number, dim: number): Standardizer {
  if (count < 1 || features.length < count * dim) {
    throw new RangeError(`fitStandardizer needs at least one row of ${dim} values (got ${features.length} values for ${count} rows)`);
  }
  const sums = new Float64Array(dim);
  const squares = new Float64Array(dim);
  for (let row = 0; row < count; row++) {
    const offset = row * dim;
    for (let j = 0; j < dim; j++) sums[j] += features[offset + j];
  }
  const mean = Float64Array.from(sums, (s) => s / count);
  for (let row = 0; row < count; row++) {
    const offset = row * dim;
    for (let j = 0; j < dim; j++) {
      const d = features[offset + j] - mean[j];
      squares[j] += d * d;
    }
  }
  const std = Float32Array.from(squares, (s) => {
    const deviation = Math.sqrt(s / count);
    return deviation < CONSTANT_FEATURE_STD ? 1 : deviation;
  });
  return { mean: Float32Array.from(mean), std };
}

export function standardize(standardizer: Standardizer, features: Float32Array, count: number): Float32Array {
  const dim = standardizer.mean.length;
  if (features.length < count * dim) {
    throw new RangeError(`standardize needs ${count} rows of ${dim} values (got ${features.length} values)`);
  }
  const out = new Float32Array(count * dim);
  for (let row = 0; row < count; row++) {
    const offset = row * dim;
    for (let j = 0; j < dim; j++) out[offset + j] = (features[offset + j] - standardizer.mean[j]) / standardizer.std[j];
  }
  return out;
}
