/** Squared Euclidean distance between rows `i` and `j` of a row-major matrix. */
export function squaredDistance(data: ArrayLike<number>, dim: number, i: number, j: number): number {
  let sum = 0;
  const a = i * dim;
  const b = j * dim;
  for (let d = 0; d < dim; d++) {
    const diff = data[a + d] - data[b + d];
    sum += diff * diff;
  }
  return sum;
}

/** Squared distances from row `i` to every row, written into `out` (length count). */
export function squaredDistanceRow(data: ArrayLike<number>, count: number, dim: number, i: number, out: Float64Array): void {
  for (let j = 0; j < count; j++) out[j] = squaredDistance(data, dim, i, j);
}
