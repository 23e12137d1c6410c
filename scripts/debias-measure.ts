// Measures every bias-conflict detector on the full ColoredMNIST at several skews and prints a table.
// Usage: npx tsx scripts/debias-measure.ts [--skews 0.9,0.95,0.98,0.99] [--severity 1] [--seed 1]
//        [--encoder pixels|pca] [--contamination auto|0.1] [--json out.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DebiasSummary } from '../src/shared/debias-results.ts';
import { initBackend } from '../src/engine/backend.ts';
import { loadMnist } from '../src/engine/data/load.ts';
import { averagePool } from '../src/engine/debias/average-pool.ts';
import { generateColoredMnist } from '../src/engine/debias/generate.ts';
import { runDebias } from '../src/engine/debias/run-debias.ts';
import type { ColoredSplit, Encoder } from '../src/engine/debias/types.ts';
import { fitPca, pcaEncode } from '../src/engine/eval/pca.ts';

const { values } = parseArgs({
  options: {
    skews: { type: 'string', default: '0.9,0.95,0.98,0.99' },
    severity: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    encoder: { type: 'string', default: 'pixels' },
    contamination: { type: 'string', default: 'auto' },
    json: { type: 'string' },
  },
});

/** PCA codes (30) of the 2x2-shrunk images, fitted on the first 10,000 training images. */
function pcaEncoder(train: ColoredSplit): Encoder {
  const fitRows = Math.min(10_000, train.images.count);
  const pooled = averagePool({ ...train.images, count: fitRows, images: train.images.images.subarray(0, fitRows * train.images.dim), labels: train.images.labels.subarray(0, fitRows) }, 2);
  const model = fitPca(pooled.images, fitRows, pooled.dim, 30);
  return (images, count) => {
    const shrunk = averagePool({ ...train.images, images, count, labels: new Uint8Array(count) }, 2);
    return pcaEncode(model, shrunk.images, count);
  };
}

const backend = await initBackend();
const mnist = await loadMnist();
const severity = Number(values.severity) as 1 | 2 | 3 | 4 | 5;
const seed = Number(values.seed);
const rows: { skew: number; summary: DebiasSummary }[] = [];
for (const skew of values.skews.split(',').map(Number)) {
  const contamination = values.contamination === 'auto' ? Number((1 - skew).toFixed(4)) : Number(values.contamination);
  const data = generateColoredMnist(mnist, { skew, severity, seed });
  const encode = values.encoder === 'pca' ? pcaEncoder(data.train) : undefined;
  const summary = await runDebias({
    train: data.train,
    test: data.test,
    config: { skew, severity, contamination, seed },
    encode,
    onEvent: (event) => {
      if (event.type === 'log') console.error(`[skew ${skew}] ${event.message}`);
    },
  });
  rows.push({ skew, summary });
}

console.log(`ColoredMNIST, severity ${severity}, seed ${seed}, ${backend.name} backend; means over the ten digits`);
console.log('| skew | contamination | method | AUROC | AP | precision | recall | seconds |');
console.log('|---|---|---|---|---|---|---|---|');
for (const { skew, summary } of rows) {
  for (const [method, r] of Object.entries(summary.methods)) {
    console.log(
      `| ${skew} | ${summary.contamination} | ${method} | ${r.auroc.toFixed(4)} | ${r.averagePrecision.toFixed(4)} | ${r.precision.toFixed(4)} | ${r.recall.toFixed(4)} | ${r.seconds.toFixed(0)} |`,
    );
  }
}
console.log('\n| skew | plain test accuracy | reweighted (flags of) | upweight |');
console.log('|---|---|---|---|');
for (const { skew, summary } of rows) {
  const c = summary.classifier;
  if (c) console.log(`| ${skew} | ${c.plain.toFixed(4)} | ${c.reweighted.toFixed(4)} (${c.flaggedBy}) | ${c.upweight.toFixed(1)} |`);
}
if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 1));
