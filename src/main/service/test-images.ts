import type { RequestOutput } from '../../shared/api.ts';
import type { ExperimentConfig } from '../../shared/config.ts';
import { ApiError } from '../../shared/errors.ts';
import type { ImageSet } from '../../engine/data/types.ts';
import { loadExperimentData } from '../../engine/pipeline/data.ts';

export type TestImages = RequestOutput<'getTestImages'>;
export type ExperimentDataLoader = (config: ExperimentConfig) => Promise<{ test: ImageSet }>;

/** What decides an experiment's test images: runs that share it share the cached set. */
function dataKey(config: ExperimentConfig): string {
  const { dataset, seed, debias } = config;
  return JSON.stringify({ dataset, seed, skew: debias.skew, severity: debias.severity });
}

function toBase64Bytes(pixels: Float32Array): string {
  const bytes = Buffer.alloc(pixels.length);
  for (let i = 0; i < pixels.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
  return bytes.toString('base64');
}

/**
 * Test images by index for hover previews. The data is rebuilt from the experiment's config
 * (deterministic, pure JS: no TensorFlow.js), and the last test set stays in memory so the
 * next hover over the same run is answered at once.
 */
export class TestImageCache {
  private last: { key: string; test: Promise<ImageSet> } | undefined;

  constructor(private readonly load: ExperimentDataLoader = loadExperimentData) {}

  private testSet(config: ExperimentConfig): Promise<ImageSet> {
    const key = dataKey(config);
    if (this.last?.key !== key) {
      const test = this.load(config).then((data) => data.test);
      this.last = { key, test };
      // A failed load is not kept: the next request tries again.
      test.catch(() => {
        if (this.last?.test === test) this.last = undefined;
      });
    }
    return this.last.test;
  }

  async images(config: ExperimentConfig, indices: number[]): Promise<TestImages> {
    const test = await this.testSet(config);
    const bad = indices.map((index, i) => ({ index, i })).filter(({ index }) => index >= test.count);
    if (bad.length > 0) {
      const fields = bad.slice(0, 5).map(({ index, i }) => ({ path: `indices.${i}`, message: `${index} is outside the test set (0..${test.count - 1})` }));
      throw new ApiError('invalid-input', `getTestImages: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
    }
    const images = indices.map((index) => toBase64Bytes(test.images.subarray(index * test.dim, (index + 1) * test.dim)));
    return { height: test.height, width: test.width, channels: test.channels, images };
  }
}
