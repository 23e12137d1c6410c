/** Per-feature mean and scale of a training set, applied unchanged to any other set. */
export interface Standardizer {
  mean: Float32Array;
  std: Float32Array;
  /** False where the features were left as they are (all in [0, 1], e.g. pixels). */
  standardised: boolean;
}

/**
 * No feature is scaled by less than this fraction of the mean feature spread: a near-constant
 * feature (a border pixel lit in one image) would otherwise become a huge one.
 */
export const SCALE_FLOOR_FRACTION = 0.1;
/** Spreads below this are no spread at all (every feature constant): such features are only centred. */
const CONSTANT_FEATURE_STD = 1e-6;

function withinUnitInterval(features: Float32Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (!(features[i] >= 0 && features[i] <= 1)) return false;
  return true;
}

export function fitStandardizer(features: Float32Array, count: number, dim: number): Standardizer {
  if (count < 1 || features.length < count * dim) {
    throw new RangeError(`fitStandardizer needs at least one row of ${dim} values (got ${features.length} values for ${count} rows)`);
  }
  // Features already on a common bounded scale (pixels) are used as they are.
  if (withinUnitInterval(features, count * dim)) return { mean: new Float32Array(dim), std: new Float32Array(dim).fill(1), standardised: false };
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
  const deviations = Array.from(squares, (s) => Math.sqrt(s / count));
  const floor = (SCALE_FLOOR_FRACTION * deviations.reduce((a, b) => a + b, 0)) / dim;
  const std = Float32Array.from(deviations, (deviation) => (floor < CONSTANT_FEATURE_STD ? 1 : Math.max(deviation, floor)));
  return { mean: Float32Array.from(mean), std, standardised: true };
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
