/** Indices of the samples of each digit 0..9, in index order. */
export function indicesByDigit(labels: Uint8Array): number[][] {
  const groups: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) throw new Error(`label ${i} is ${labels[i]}, digits must be 0..9`);
    groups[labels[i]].push(i);
  }
  return groups;
}

/** The rows `indices` of a `dim`-wide matrix, packed. */
export function gatherRows(rows: Float32Array, dim: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) out.set(rows.subarray(indices[i] * dim, (indices[i] + 1) * dim), i * dim);
  return out;
}
