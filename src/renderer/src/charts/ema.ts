/** The largest smoothing weight the slider offers (TensorBoard's range is the same). */
export const MAX_SMOOTHING = 0.99;

/**
 * TensorBoard's smoothing: an exponential moving average with weight `weight` on the past,
 * debiased so the first values are not pulled towards zero (the k-th finite value divides by
 * 1 - weight^k). Non-finite values pass through and do not enter the average.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight <= MAX_SMOOTHING)) throw new RangeError(`smoothing must be between 0 and ${MAX_SMOOTHING}, got ${weight}`);
  let last = 0;
  let count = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    last = last * weight + (1 - weight) * value;
    count++;
    return weight === 0 ? value : last / (1 - weight ** count);
  });
}
