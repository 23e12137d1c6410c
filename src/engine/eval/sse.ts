/** The paper's reconstruction error: squared error summed over an image's `dim` values, averaged over `count` images. */
export function sumSquaredErrorPerImage(a: Float32Array, b: Float32Array, count: number, dim: number): number {
  const size = count * dim;
  if (a.length < size || b.length < size) {
    throw new RangeError(`sumSquaredErrorPerImage needs ${count} images of ${dim} values (got arrays of ${a.length} and ${b.length})`);
  }
  if (count === 0) return 0;
  let total = 0;
  for (let i = 0; i < size; i++) {
    const d = a[i] - b[i];
    total += d * d;
  }
  return total / count;
}
