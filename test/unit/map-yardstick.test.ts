import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/cli/summary-table.ts';
import { embeddingTable } from '../../src/main/export/report-tables.ts';
import type { Dataset } from '../../src/engine/data/types.ts';
import { embeddingMaps } from '../../src/engine/pipeline/embeddings-stage.ts';
import type { StageContext } from '../../src/engine/pipeline/stage-context.ts';
import { emptyProgress } from '../../src/engine/pipeline/state.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { rowMatrix } from '../../src/engine/row-matrix.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import type { ExperimentSummary } from '../../src/shared/results.ts';

const COUNT = 120;
const DIM = 20;

/** Five well-separated clusters in 20 dimensions, as stand-in "pixels". */
function clusteredTestSet(): Dataset['test'] {
  const rng = new SeededRandom(31);
  const centres = Array.from({ length: 5 }, () => Array.from({ length: DIM }, () => rng.next()));
  const labels = Uint8Array.from({ length: COUNT }, (_, i) => i % 5);
  const images = new Float32Array(COUNT * DIM);
  labels.forEach((label, i) => centres[label].forEach((c, j) => (images[i * DIM + j] = c + 0.05 * rng.normal())));
  return { images, labels, count: COUNT, dim: DIM, height: 4, width: 5, channels: 1 };
}

function context(test: Dataset['test']): StageContext {
  const config = clonePreset('smoke');
  config.evaluation.tsne = { points: 60, perplexity: 10, iterations: 300, learningRate: 10, init: 'pca' };
  return {
    config,
    data: { name: 'clusters', source: 'test', train: test, test },
    trainRows: rowMatrix(test.images, COUNT, DIM),
    testRows: rowMatrix(test.images, COUNT, DIM),
    emit: () => {},
    tracker: { skip: () => {}, startPhase: () => {}, advance: () => {} },
    progress: emptyProgress(),
    retainedBlobs: {},
    inflightBlobs: {},
    panelDigits: [],
  };
}

describe('trustworthiness on one yardstick', () => {
  it('scores every map against the pixels; a code that keeps its own neighbours but not the images scores low there', async () => {
    const test = clusteredTestSet();
    // "Codes" that are another image's pixels: their map is faithful to the codes and says nothing about the images.
    const order = new SeededRandom(5).permutation(COUNT);
    const scrambled = new Float32Array(COUNT * DIM);
    order.forEach((from, i) => scrambled.set(test.images.subarray(from * DIM, (from + 1) * DIM), i * DIM));
    const maps = await embeddingMaps(context(test), [
      { name: 'raw', values: test.images, dim: DIM },
      { name: 'random', values: scrambled, dim: DIM },
    ]);
    const [raw, random] = maps;
    expect(raw.trustworthiness!).toBeGreaterThan(0.9);
    expect(raw.trustworthinessOwnSpace).toBeUndefined();
    expect(random.trustworthinessOwnSpace!).toBeGreaterThan(0.9);
    // Near chance against the images (a random map of clusters scores about 0.5-0.6 at k = 10).
    expect(random.trustworthiness!).toBeLessThan(0.7);
    expect(random.trustworthinessOwnSpace! - random.trustworthiness!).toBeGreaterThan(0.25);
  }, 60_000);

  it('says in the CLI table and the report which space each trustworthiness is measured against', () => {
    const summary = {
      arms: {},
      baselines: {},
      tsne: { random: { trustworthiness: 0.612, trustworthinessOwnSpace: 0.998, knnAccuracy: 0.65, kl: 1.2 } },
    } as unknown as ExperimentSummary;
    const line = summaryTable(summary).split('\n').find((l) => l.startsWith('t-SNE random'))!;
    expect(line).toContain('T(pixels)=0.612');
    expect(line).toContain('T(own space)=0.998');
    const html = embeddingTable(summary, []);
    expect(html).toContain('trustworthiness vs pixels');
    expect(html).toContain('trustworthiness in its own space');
    expect(html).toMatch(/0\.612<\/td>.*0\.998<\/td>/s);
  });
});
