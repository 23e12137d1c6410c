import type { SeededRandom } from '../random.ts';

/**
 * How many of `size` picks each class gets so that class proportions are kept:
 * floor of the exact share, then the leftover picks go to the largest remainders
 * (ties to the lower class), so the counts sum to `size` exactly.
 */
export function allocateByClass(classCounts: number[], size: number): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  if (size > total) throw new RangeError(`cannot take ${size} items from ${total}`);
  const exact = classCounts.map((n) => (n * size) / total);
  const allocation = exact.map(Math.floor);
  let leftover = size - allocation.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, label) => ({ label, remainder: value - Math.floor(value) }))
    .filter(({ label }) => allocation[label] < classCounts[label])
    .sort((a, b) => b.remainder - a.remainder || a.label - b.label);
  for (const { label } of byRemainder) {
    if (leftover === 0) break;
    allocation[label]++;
    leftover--;
  }
  return allocation;
}

/**
 * Indices (ascending) of a seeded sample of `size` items whose label proportions match
 * the whole set's. Taking every item returns 0..n-1.
 */
export function stratifiedSample(labels: Uint8Array, size: number, random: SeededRandom): Int32Array {
  if (!Number.isInteger(size) || size < 0 || size > labels.length) {
    throw new RangeError(`sample size must be an integer from 0 to ${labels.length} (got ${size})`);
  }
  if (size === labels.length) return Int32Array.from({ length: size }, (_, i) => i);
  const byClass: number[][] = [];
  for (let i = 0; i < labels.length; i++) (byClass[labels[i]] ??= []).push(i);
  const classes = byClass.map((members) => members ?? []);
  const allocation = allocateByClass(classes.map((members) => members.length), size);
  const chosen: number[] = [];
  classes.forEach((members, label) => {
    const picks = allocation[label];
    if (picks === 0) return;
    const order = random.permutation(members.length);
    for (let i = 0; i < picks; i++) chosen.push(members[order[i]]);
  });
  return Int32Array.from(chosen.sort((a, b) => a - b));
}

/**
 * The first `perClass` indices of each label, grouped by label (0, 0, 1, 1, ...): a fixed set of
 * examples, e.g. the test digits whose reconstructions are shown. Labels with fewer items give fewer.
 */
export function firstIndicesPerClass(labels: Uint8Array, perClass: number, classes = 10): number[] {
  const picked: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const bucket = picked[labels[i]];
    if (bucket && bucket.length < perClass) bucket.push(i);
  }
  return picked.flat();
}
