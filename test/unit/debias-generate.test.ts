import { describe, expect, it } from 'vitest';
import { MEAN_COLORS } from '../../src/engine/debias/colors.ts';
import { generateColoredMnist } from '../../src/engine/debias/generate.ts';
import { grayscaleOf } from '../../src/engine/debias/grayscale.ts';
import { colorStatistics } from '../../src/engine/debias/scoring.ts';
import { syntheticDigits } from './debias-fixtures.ts';

const mnist = { train: syntheticDigits(6_000, 1), test: syntheticDigits(3_000, 2) };

function countDifferences(a: Float32Array, b: Float32Array): number {
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  return differing;
}

describe('generateColoredMnist', () => {
  it('gives the same images and colours for the same seed, different ones for another seed', () => {
    const a = generateColoredMnist(mnist, { skew: 0.9, severity: 1, seed: 7 });
    const b = generateColoredMnist(mnist, { skew: 0.9, severity: 1, seed: 7 });
    const c = generateColoredMnist(mnist, { skew: 0.9, severity: 1, seed: 8 });
    expect(countDifferences(a.train.images.images, b.train.images.images)).toBe(0);
    expect(countDifferences(a.test.images.images, b.test.images.images)).toBe(0);
    expect(colorStatistics(a.train).counts).toEqual(colorStatistics(b.train).counts);
    expect(countDifferences(a.train.images.images, c.train.images.images)).toBeGreaterThan(a.train.images.images.length / 100);
  });

  it('makes 28x28x3 channel-last rows that keep the background black and the digit labels', () => {
    const { train } = generateColoredMnist(mnist, { skew: 0.9, severity: 1, seed: 1 });
    expect(train.images).toMatchObject({ count: 6_000, dim: 2352, height: 28, width: 28, channels: 3 });
    expect(Array.from(train.images.labels)).toEqual(Array.from(mnist.train.labels));
    for (let p = 0; p < 784; p++) {
      const gray = mnist.train.images[p];
      for (let c = 0; c < 3; c++) {
        const value = train.images.images[3 * p + c];
        if (gray === 0) expect(value).toBe(0);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  });

  it.each([0.9, 0.99])('colours each training class with its own colour at rate skew %s, within sampling error', (skew) => {
    const { train, test } = generateColoredMnist(mnist, { skew, severity: 1, seed: 3 });
    const stats = colorStatistics(train);
    for (let digit = 0; digit < 10; digit++) {
      const n = stats.countByDigit[digit];
      const fourSigma = 4 * Math.sqrt((skew * (1 - skew)) / n);
      expect(Math.abs(stats.alignedFraction[digit] - skew)).toBeLessThan(fourSigma);
    }
    const testStats = colorStatistics(test);
    for (let color = 0; color < 10; color++) {
      const fraction = testStats.countByColor[color] / test.images.count;
      expect(Math.abs(fraction - 0.1)).toBeLessThan(4 * Math.sqrt(0.09 / test.images.count));
    }
    for (let digit = 0; digit < 10; digit++) {
      expect(Math.abs(testStats.alignedFraction[digit] - 0.1)).toBeLessThan(4 * Math.sqrt(0.09 / testStats.countByDigit[digit]));
    }
  });

  it('spreads the conflicting colours of a class evenly over the other nine', () => {
    const { train } = generateColoredMnist(mnist, { skew: 0.5, severity: 1, seed: 4 });
    const row = colorStatistics(train).counts[3];
    const conflicting = row.reduce((a, b) => a + b, 0) - row[3];
    for (let color = 0; color < 10; color++) {
      if (color === 3) continue;
      const expected = conflicting / 9;
      expect(Math.abs(row[color] - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });

  it('adds colour noise with the standard deviation of the severity', () => {
    for (const [severity, std] of [[1, 0.05], [3, 0.01]] as const) {
      const { test } = generateColoredMnist(mnist, { skew: 0.9, severity, seed: 5 });
      // Orange's green, violet's red and rose's blue channels have mean 0.5, far from clipping.
      const deviations: number[] = [];
      for (let i = 0; i < test.images.count; i++) {
        const gray = mnist.test.images.subarray(i * 784, (i + 1) * 784);
        const p = gray.findIndex((v) => v > 0);
        for (let c = 0; c < 3; c++) {
          const channel = test.images.images[i * 2352 + 3 * p + c] / gray[p];
          if (Math.abs(channel - 0.5) < 0.3) deviations.push(channel - 0.5);
        }
      }
      const rms = Math.sqrt(deviations.reduce((s, d) => s + d * d, 0) / deviations.length);
      expect(deviations.length).toBeGreaterThan(500);
      expect(rms).toBeGreaterThan(std * 0.9);
      expect(rms).toBeLessThan(std * 1.1);
    }
  });

  it('uses ten mean colours at least 0.5 apart and at least 15 degrees apart in direction', () => {
    let closest = Infinity;
    let narrowest = Infinity;
    for (let a = 0; a < 10; a++) {
      for (let b = a + 1; b < 10; b++) {
        const [x, y] = [MEAN_COLORS[a], MEAN_COLORS[b]];
        closest = Math.min(closest, Math.hypot(...x.map((v, c) => v - y[c])));
        const cosine = x.reduce((s, v, c) => s + v * y[c], 0) / (Math.hypot(...x) * Math.hypot(...y));
        narrowest = Math.min(narrowest, (Math.acos(Math.min(1, cosine)) * 180) / Math.PI);
      }
    }
    expect(closest).toBeGreaterThanOrEqual(0.5);
    expect(narrowest).toBeGreaterThanOrEqual(15);
  });

  it('offers the grayscale view as the channel mean', () => {
    const { train } = generateColoredMnist(mnist, { skew: 0.9, severity: 1, seed: 1 });
    const gray = grayscaleOf(train.images);
    expect(gray).toMatchObject({ dim: 784, channels: 1, count: 6_000 });
    const rgb = train.images.images;
    for (const p of [0, 300, 783 + 400]) {
      expect(gray.images[p]).toBeCloseTo((rgb[3 * p] + rgb[3 * p + 1] + rgb[3 * p + 2]) / 3, 6);
    }
  });

  it('rejects bad options and non-grayscale input, naming the field and the allowed range', () => {
    expect(() => generateColoredMnist(mnist, { skew: 1.2, severity: 1, seed: 1 })).toThrow(/debias\.skew must be in \[0\.1, 0\.999\]/);
    // @ts-expect-error severity 6 is not a level
    expect(() => generateColoredMnist(mnist, { skew: 0.9, severity: 6, seed: 1 })).toThrow(/debias\.severity must be one of 1, 2, 3, 4, 5/);
    const colored = generateColoredMnist(mnist, { skew: 0.9, severity: 1, seed: 1 });
    expect(() => generateColoredMnist({ train: colored.train.images, test: mnist.test }, { skew: 0.9, severity: 1, seed: 1 })).toThrow(
      /train: ColoredMNIST is made from grayscale images/,
    );
  });
});
