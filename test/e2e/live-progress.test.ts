import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smokePreset } from '../../src/shared/presets.ts';
import { ARTIFACTS, type BrowserWorkbench } from './browser-workbench.ts';
import { readLivePanel } from './live-panel.ts';
import { workbenchPerFile } from './workbench-per-file.ts';

let workbench: BrowserWorkbench;
const hasChromium = workbenchPerFile(import.meta.filename, (opened) => {
  workbench = opened;
});

/** What the Stage field must say while each kind of phase runs, written out here rather than taken from the renderer. */
const STAGE_WORDS: [prefix: string, words: string][] = [
  ['pretrain:', 'RBM pretraining, layer'],
  ['finetune:pretrained', 'fine-tuning the pretrained arm'],
  ['finetune:random', 'fine-tuning the random arm'],
  ['evaluate:pretrained', 'evaluating the pretrained arm: error and codes'],
  ['evaluate:random', 'evaluating the random arm: error and codes'],
  ['logreg:pretrained', 'evaluating the pretrained arm: logistic regression'],
  ['logreg:random', 'evaluating the random arm: logistic regression'],
  ['logreg:pca', 'PCA baseline: logistic regression'],
  ['logreg:raw', 'raw-pixel baseline: logistic regression'],
  ['pca:fit', 'PCA baseline: fitting'],
  ['tsne:', 't-SNE map of the'],
];

interface Sample {
  /** Milliseconds since the run was created. */
  t: number;
  status: string;
  phase: string;
  stage: string;
  percent: number;
  eta: string;
}

describe.skipIf(!hasChromium)('progress of a small MNIST run in Chromium against the loopback host', () => {
  it('moves the percent up through every stage, names each, and gives an ETA that is not over while the evaluation runs', async () => {
    const page = workbench.page;
    // Small enough to take about half a minute, with an evaluation after training that takes seconds:
    // L-BFGS on 3,000 rows of 784 pixels, PCA on 784 pixels, each arm's logistic regression.
    const config = {
      ...smokePreset,
      dataset: { name: 'mnist' as const, trainSize: 3000, testSize: 1000 },
      layers: [784, 256, 64, 16],
      pretrain: { ...smokePreset.pretrain, epochs: 1, batchSize: 100, monitorSize: 200 },
      finetune: { ...smokePreset.finetune, epochs: 2, batchSize: 100, learningRate: 0.001 },
      evaluation: { ...smokePreset.evaluation, logreg: { l2: 1e-4, iterations: 300 }, tsne: { ...smokePreset.evaluation.tsne, points: 200, iterations: 200 } },
    };
    const created = Date.now();
    const { id } = await workbench.service.request('createExperiment', { config, name: 'e2e progress' });
    await page.goto(`${workbench.host.url}#/live/${id}`);
    const samples: Sample[] = [];
    let screenshots = false;
    const deadline = created + 280_000;
    while (Date.now() < deadline) {
      const panel = await readLivePanel(page);
      if (panel && panel.percent !== '') samples.push({ ...panel, t: Date.now() - created, percent: Number.parseFloat(panel.percent) });
      const status = panel?.status ?? '';
      if (status === 'done' || status === 'failed' || status === 'cancelled') break;
      // The longest stage of the evaluation, with nothing else running beside it.
      if (!screenshots && panel?.phase === 'logreg:raw') {
        screenshots = true;
        await screenshotsOfThePanel();
      }
      await page.waitForTimeout(100);
    }
    writeFileSync(join(ARTIFACTS, 'live-progress-trace.txt'), samples.map((s) => `${s.t} ${s.status} ${s.percent}% eta ${s.eta} [${s.phase}] ${s.stage}`).join('\n'));
    expect((await workbench.service.request('getExperiment', { id })).status).toBe('done');
    const doneAt = samples.find((s) => s.status === 'done')!.t;
    const running = samples.filter((s) => s.status !== 'done');
    expect(running.length).toBeGreaterThan(50);

    // The percent never goes back and says 100 only once the run is done.
    for (let i = 1; i < samples.length; i++) expect(samples[i].percent, `${samples[i - 1].t} -> ${samples[i].t} ms`).toBeGreaterThanOrEqual(samples[i - 1].percent);
    for (const sample of running) expect(sample.percent, `${sample.t} ms`).toBeLessThan(100);
    expect(samples.at(-1)!.percent).toBe(100);

    // Every phase shown is named in the Stage field, and the evaluation after training is seen, not skipped over.
    const seen = new Set<string>();
    for (const sample of running.filter((s) => s.phase !== '')) {
      const words = STAGE_WORDS.find(([prefix]) => sample.phase.startsWith(prefix));
      expect(words, `no words for phase ${sample.phase}`).toBeDefined();
      expect(sample.stage, `${sample.t} ms`).toContain(words![1]);
      seen.add(sample.phase);
    }
    expect([...seen].filter((phase) => /^(logreg|evaluate|pca):/.test(phase)).length, [...seen].join(', ')).toBeGreaterThanOrEqual(3);
    expect(seen.has('logreg:raw'), [...seen].join(', ')).toBe(true);

    // While more than 5 s of the run are left in fact, the ETA is neither over ("1 s") nor missing.
    // (Until the first batch is counted nothing is measured yet: "–" is the truth then.)
    const firstEstimateAt = running.find((s) => s.eta !== '–')!.t;
    const early = running.filter((s) => doneAt - s.t > 5000 && s.t >= firstEstimateAt);
    expect(early.length).toBeGreaterThan(20);
    for (const sample of early) expect(sample.eta, `${sample.t} ms, ${((doneAt - sample.t) / 1000).toFixed(1)} s left, ${sample.phase}`).not.toMatch(/^(1 s|–)$/);
    // Nor far below the truth: with more than 10 s left, at least a third of what is left.
    for (const sample of early.filter((s) => doneAt - s.t > 10_000)) {
      expect(etaSeconds(sample.eta), `${sample.t} ms: ETA ${sample.eta}, ${((doneAt - sample.t) / 1000).toFixed(1)} s left, ${sample.phase}`).toBeGreaterThanOrEqual((doneAt - sample.t) / 1000 / 3);
    }

    // The evaluation is counted as it runs: the percent rises through each of its stages seen for a second or more.
    for (const phase of [...seen].filter((p) => /^(logreg|evaluate|pca):/.test(p))) {
      const during = running.filter((s) => s.phase === phase);
      if (during.at(-1)!.t - during[0].t < 1000) continue;
      expect(during.at(-1)!.percent, `${phase} from ${during[0].t} to ${during.at(-1)!.t} ms`).toBeGreaterThan(during[0].percent);
    }
    expect(screenshots).toBe(true);
    expect(workbench.pageErrors).toEqual([]);
  }, 300_000);
});

/** Seconds in the panel's ETA ("40 s", "3 min", "1 h 5 min"). */
function etaSeconds(text: string): number {
  const hours = /(\d+) h/.exec(text);
  const minutes = /(\d+) min/.exec(text);
  const seconds = /(\d+) s/.exec(text);
  return (hours ? Number(hours[1]) * 3600 : 0) + (minutes ? Number(minutes[1]) * 60 : 0) + (seconds ? Number(seconds[1]) : 0);
}

/** The panel while the evaluation runs, at both sizes and in both themes. */
async function screenshotsOfThePanel(): Promise<void> {
  const page = workbench.page;
  for (const [width, height, prefix] of [
    [1280, 800, ''],
    [1024, 700, '1024-'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await workbench.screenshot(`${prefix}live-progress-evaluation`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await workbench.screenshot(`${prefix}live-progress-evaluation-dark`);
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
