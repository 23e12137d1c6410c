/**
 * Squared Euclidean distance between rows `i` and `j` of a row-major matrix. Four running
 * sums let the CPU overlap the additions, which matters for 784-pixel rows.
 */
export function squaredDistance(data: ArrayLike<number>, dim: number, i: number, j: number): number {
  const a = i * dim;
  const b = j * dim;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    const e0 = data[a + d] - data[b + d];
    const e1 = data[a + d + 1] - data[b + d + 1];
    const e2 = data[a + d + 2] - data[b + d + 2];
    const e3 = data[a + d + 3] - data[b + d + 3];
    s0 += e0 * e0;
    s1 += e1 * e1;
    s2 += e2 * e2;
    s3 += e3 * e3;
  }
  for (; d < dim; d++) {
    const e = data[a + d] - data[b + d];
    s0 += e * e;
  }
  return s0 + s1 + (s2 + s3);
}

/** Squared distances from row `i` to every row, written into `out` (length count). */
export function squaredDistanceRow(data: ArrayLike<number>, count: number, dim: number, i: number, out: Float64Array): void {
  for (let j = 0; j < count; j++) out[j] = squaredDistance(data, dim, i, j);
}
