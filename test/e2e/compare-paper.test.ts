import { describe, expect, it } from 'vitest';
import { smokePreset } from '../../src/shared/presets.ts';
import type { BrowserWorkbench } from './browser-workbench.ts';
import { workbenchPerFile } from './workbench-per-file.ts';

let workbench: BrowserWorkbench;
const hasChromium = workbenchPerFile(import.meta.filename, (opened) => {
  workbench = opened;
});

describe.skipIf(!hasChromium)('Compare with the paper’s figures and UMAP maps, in Chromium against the loopback host', () => {
  it('sets the paper’s test errors beside ours with the caveats, and shows the UMAP maps beside the t-SNE maps', async () => {
    const page = workbench.page;
    // A small MNIST run with a 30-d code, so the paper's anchors apply (with caveats), and UMAP on.
    const config = {
      ...smokePreset,
      preset: undefined,
      dataset: { name: 'mnist' as const, trainSize: 300, testSize: 150 },
      layers: [784, 32, 30],
      pretrain: { ...smokePreset.pretrain, epochs: 1 },
      finetune: { ...smokePreset.finetune, epochs: 1 },
      evaluation: { ...smokePreset.evaluation, tsne: { ...smokePreset.evaluation.tsne, points: 60 }, umap: true },
    };
    const { id } = await workbench.service.request('createExperiment', { config, name: 'e2e paper and umap' });
    await expect.poll(async () => (await workbench.service.request('getExperiment', { id })).status, { timeout: 150_000, interval: 500 }).toBe('done');
    await page.goto(`${workbench.host.url}#/compare/${id}`);
    const cell = (side: string) => page.getAttribute(`[data-metric="testSSE"] [data-side="${side}"]`, 'data-value');
    await expect.poll(() => cell('paper-autoencoder'), { timeout: 15_000 }).toBe('3');
    expect(Number(await cell('paper-pca'))).toBeCloseTo(13.87, 9);
    expect(await page.getAttribute('[data-metric="logregAccuracy"] [data-side="paper-pca"]', 'data-value')).toBeNull();
    const note = (await page.textContent('[data-testid="paper-note"]')) ?? '';
    expect(note).toContain('PCA 13.87, deep autoencoder 3.00');
    expect(note).toContain('Compare with care: training used 300 of the 60,000 images; the test set has 150 of the 10,000 images');
    await workbench.screenshot('compare-paper');

    for (const map of ['umap:raw', 'umap:pca', 'umap:pretrained', 'umap:random']) {
      await expect.poll(() => page.getAttribute(`[data-testid="umap-maps"] [data-map="${map}"] .chart`, 'data-points'), { timeout: 15_000 }).toBe('60');
    }
    await page.evaluate(`document.querySelector('[data-testid="umap-maps"]').scrollIntoView()`);
    await workbench.screenshot('compare-umap');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.evaluate(`document.querySelector('.main')?.scrollTo(0, 0)`);
    await page.waitForTimeout(300);
    // The table with its paper columns fits: nothing scrolls sideways.
    expect(await page.evaluate(`(() => { const m = document.querySelector('.main'); return m.scrollWidth - m.clientWidth; })()`)).toBeLessThanOrEqual(0);
    await workbench.screenshot('1024-compare-paper');
    await page.evaluate(`document.querySelector('[data-testid="umap-maps"]').scrollIntoView()`);
    await workbench.screenshot('1024-compare-umap');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(workbench.pageErrors).toEqual([]);
  }, 240_000);
});
