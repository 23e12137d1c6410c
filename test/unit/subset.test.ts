import { describe, expect, it } from 'vitest';
import { allocateByClass, firstIndicesPerClass, stratifiedSample } from '../../src/engine/data/subset.ts';
import { loadDataset, loadMnist } from '../../src/engine/data/load.ts';
import { SeededRandom } from '../../src/engine/random.ts';

function classCounts(labels: Uint8Array, classes = 10): number[] {
  const counts = new Array(classes).fill(0);
  labels.forEach((l) => counts[l]++);
  return counts;
}

describe('stratified subsets', () => {
  it('allocates picks in proportion to class sizes, summing exactly', () => {
    expect(allocateByClass([50, 30, 20], 10)).toEqual([5, 3, 2]);
    expect(allocateByClass([1, 1, 1], 2)).toEqual([1, 1, 0]);
    const allocation = allocateByClass([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], 1000);
    expect(allocation.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(allocation[1]).toBe(112);
  });

  it('is seeded: same seed same sample, another seed another sample', () => {
    const labels = Uint8Array.from({ length: 300 }, (_, i) => i % 3);
    const a = stratifiedSample(labels, 30, new SeededRandom(5));
    const b = stratifiedSample(labels, 30, new SeededRandom(5));
    const c = stratifiedSample(labels, 30, new SeededRandom(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(classCounts(Uint8Array.from(a, (i) => labels[i]), 3)).toEqual([10, 10, 10]);
    expect(new Set(a).size).toBe(30);
  });

  it('cuts MNIST to a stratified, shuffled, reproducible training subset and keeps the full test order', async () => {
    const a = await loadDataset({ name: 'mnist', trainSize: 1000, testSize: 10_000 }, 3);
    const b = await loadDataset({ name: 'mnist', trainSize: 1000, testSize: 10_000 }, 3);
    const c = await loadDataset({ name: 'mnist', trainSize: 1000, testSize: 10_000 }, 4);
    expect(a.train.count).toBe(1000);
    expect(a.train.dim).toBe(784);
    expect(Array.from(a.train.labels)).toEqual(Array.from(b.train.labels));
    expect(Array.from(a.train.images.subarray(0, 784 * 3))).toEqual(Array.from(b.train.images.subarray(0, 784 * 3)));
    expect(Array.from(a.train.labels)).not.toEqual(Array.from(c.train.labels));
    // MNIST's training class sizes, scaled to 1000 with largest remainders.
    expect(classCounts(a.train.labels)).toEqual([99, 112, 99, 102, 97, 90, 99, 105, 98, 99]);
    // Shuffled: not grouped by class, not in file order.
    const runs = Array.from(a.train.labels).filter((l, i, all) => i > 0 && l !== all[i - 1]).length;
    expect(runs).toBeGreaterThan(800);
    // The full test set in the original order: the file's first labels are 7 2 1 0 4.
    expect(Array.from(a.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    let sum = 0;
    for (const v of a.test.images) sum += v;
    expect(sum / a.test.images.length).toBeCloseTo(0.1325, 3);
  });

  it('cuts the test set with the same class proportions', async () => {
    const data = await loadDataset({ name: 'mnist', trainSize: 100, testSize: 500 }, 1);
    const counts = classCounts(data.test.labels);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
    const full = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    counts.forEach((n, label) => expect(Math.abs(n - full[label] / 20)).toBeLessThan(1));
  });

  it('picks a fixed set of examples per class, and parses MNIST once per process', async () => {
    const { test } = await loadMnist();
    expect(test.count).toBe(10_000);
    expect(await loadMnist()).toBe(await loadMnist());
    const picks = firstIndicesPerClass(test.labels, 2);
    expect(picks).toHaveLength(20);
    expect(picks.map((i) => test.labels[i])).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    // The MNIST test file opens 7 2 1 0 4 1: the first 1s are at 2 and 5.
    expect(picks.slice(2, 4)).toEqual([2, 5]);
    expect(firstIndicesPerClass(Uint8Array.from([1, 1, 1]), 2, 3)).toEqual([0, 1]);
  });

  it('refuses colored-mnist and sizes beyond the data with messages that name the field', async () => {
    await expect(loadDataset({ name: 'colored-mnist', trainSize: 10, testSize: 10 }, 1)).rejects.toThrow(/colored-mnist/);
    await expect(loadDataset({ name: 'mnist', trainSize: 10, testSize: 10_001 }, 1)).rejects.toThrow(
      /dataset.testSize must be an integer from 1 to 10000/,
    );
  });
});
