/** Throws a clear error unless `data` holds `count` rows of `dim` finite numbers. */
export function checkMatrix(data: ArrayLike<number>, count: number, dim: number, name = 'data'): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`${name}: count must be a positive integer (got ${count})`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${name}: dim must be a positive integer (got ${dim})`);
  if (data.length !== count * dim) {
    throw new Error(`${name}: expected count*dim = ${count}*${dim} = ${count * dim} values, got ${data.length}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new Error(`${name}: value ${i} (row ${Math.floor(i / dim)}) is not a finite number`);
  }
}

export function checkRange(name: string, value: number, min: number, max: number, integer = false): void {
  const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}] (got ${value})`);
}
