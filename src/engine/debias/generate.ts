import { SEVERITY_LEVELS } from '../../shared/config.ts';
import { sharedFloat32, type ImageSet } from '../data/types.ts';
import { SeededRandom } from '../random.ts';
import { MEAN_COLORS, NOISE_STD_BY_SEVERITY } from './colors.ts';
import { EvaluationOnly } from './scoring.ts';
import type { ColoredMnist, ColoredMnistOptions, ColoredSplit } from './types.ts';

function checkOptions(options: ColoredMnistOptions): void {
  const { skew, severity, seed } = options;
  if (!(skew >= 0.1 && skew <= 0.999)) throw new Error(`debias.skew must be in [0.1, 0.999] (got ${skew})`);
  if (!SEVERITY_LEVELS.includes(severity)) {
    throw new Error(`debias.severity must be one of ${SEVERITY_LEVELS.join(', ')} (got ${String(severity)})`);
  }
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer (got ${seed})`);
}

function checkGrayscale(set: ImageSet, name: string): void {
  if (set.channels !== 1 || set.dim !== set.height * set.width) {
    throw new Error(`${name}: ColoredMNIST is made from grayscale images (channels 1), got channels ${set.channels}, dim ${set.dim}`);
  }
  if (set.images.length !== set.count * set.dim || set.labels.length !== set.count) {
    throw new Error(`${name}: ${set.count} images need ${set.count * set.dim} pixels and ${set.count} labels`);
  }
  for (let i = 0; i < set.count; i++) {
    if (set.labels[i] > 9) throw new Error(`${name}: label ${i} is ${set.labels[i]}, digits must be 0..9`);
  }
}

/** Colour label per sample: the digit's own with probability `alignedProbability`, else one of the other nine. */
function drawColorLabels(digits: Uint8Array, alignedProbability: number | undefined, random: SeededRandom): Uint8Array {
  const colors = new Uint8Array(digits.length);
  for (let i = 0; i < digits.length; i++) {
    if (alignedProbability === undefined) {
      colors[i] = random.int(10);
    } else if (random.next() < alignedProbability) {
      colors[i] = digits[i];
    } else {
      const other = random.int(9);
      colors[i] = other >= digits[i] ? other + 1 : other;
    }
  }
  return colors;
}

function paint(gray: ImageSet, colors: Uint8Array, noiseStd: number, random: SeededRandom): ImageSet {
  const pixels = gray.dim;
  // Shared memory: the experiment's second thread trains on these images without a copy.
  const images = sharedFloat32(gray.count * pixels * 3);
  for (let i = 0; i < gray.count; i++) {
    const mean = MEAN_COLORS[colors[i]];
    const rgb = mean.map((m) => Math.min(1, Math.max(0, m + noiseStd * random.normal())));
    const source = i * pixels;
    const target = source * 3;
    for (let p = 0; p < pixels; p++) {
      const value = gray.images[source + p];
      if (value === 0) continue;
      images[target + 3 * p] = value * rgb[0];
      images[target + 3 * p + 1] = value * rgb[1];
      images[target + 3 * p + 2] = value * rgb[2];
    }
  }
  return { ...gray, images, labels: gray.labels.slice(), dim: pixels * 3, channels: 3 };
}

function colorSplit(gray: ImageSet, alignedProbability: number | undefined, noiseStd: number, random: SeededRandom): ColoredSplit {
  const colors = drawColorLabels(gray.labels, alignedProbability, random.fork());
  return { images: paint(gray, colors, noiseStd, random.fork()), colors: EvaluationOnly.seal(colors) };
}

/**
 * ColoredMNIST from grayscale MNIST, deterministic by seed: each digit's foreground multiplied
 * by its sample's colour (a fixed mean colour plus Gaussian noise by severity, clipped to [0,1]).
 * Training colours follow the digit with probability `skew`; test colours are uniform.
 */
export function generateColoredMnist(mnist: { train: ImageSet; test: ImageSet }, options: ColoredMnistOptions): ColoredMnist {
  checkOptions(options);
  checkGrayscale(mnist.train, 'train');
  checkGrayscale(mnist.test, 'test');
  const noiseStd = NOISE_STD_BY_SEVERITY[options.severity];
  const random = new SeededRandom(options.seed);
  const trainRandom = random.fork();
  const testRandom = random.fork();
  return {
    train: colorSplit(mnist.train, options.skew, noiseStd, trainRandom),
    test: colorSplit(mnist.test, undefined, noiseStd, testRandom),
    options: { ...options },
  };
}
