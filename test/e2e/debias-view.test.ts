import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { debiasPreset } from '../../src/shared/presets.ts';
import { ARTIFACTS, type BrowserWorkbench } from './browser-workbench.ts';
import { readLivePanel } from './live-panel.ts';
import { workbenchPerFile } from './workbench-per-file.ts';

let workbench: BrowserWorkbench;
const hasChromium = workbenchPerFile(import.meta.filename, (opened) => {
  workbench = opened;
});

describe.skipIf(!hasChromium)('a small ColoredMNIST run in Chromium against the loopback host', () => {
  let id = 0;

  it('keeps progress below 100 % with an ETA while the debias stage runs, and names the detector running', async () => {
    const page = workbench.page;
    const config = {
      ...debiasPreset,
      dataset: { ...debiasPreset.dataset, trainSize: 600, testSize: 300 },
      layers: [2352, 64, 32, 8],
      pretrain: { ...debiasPreset.pretrain, epochs: 1 },
      finetune: { ...debiasPreset.finetune, epochs: 1 },
    };
    ({ id } = await workbench.service.request('createExperiment', { config, name: 'e2e debias' }));
    await page.goto(`${workbench.host.url}#/live/${id}`);
    const seen: { phase: string; stage: string; percent: number; eta: string }[] = [];
    const trace: string[] = [];
    const deadline = Date.now() + 280_000;
    while (Date.now() < deadline) {
      const panel = await readLivePanel(page);
      const phase = panel?.phase ?? '';
      const stage = panel?.stage ?? '';
      trace.push(`${Date.now()} ${phase} | ${stage} | ${panel?.percent ?? ''}`);
      // Once the classifier is done the panel says it is saving the results, at 100 %: that is the truth, not a detector.
      if (panel && phase.startsWith('debias:') && stage !== 'saving the results') {
        seen.push({ phase, stage, percent: Number.parseFloat(panel.percent), eta: panel.eta });
        if (seen.length === 1) await workbench.screenshot('debias-live-stage');
      }
      const status = await page.getAttribute('.page-header [data-status]', 'data-status').catch(() => null);
      if (status === 'done' || status === 'failed' || status === 'cancelled') break;
      await page.waitForTimeout(100);
    }
    // What the panel said, sample by sample, to be read when this test fails.
    writeFileSync(join(ARTIFACTS, 'debias-progress-trace.txt'), trace.join('\n'));
    expect((await workbench.service.request('getExperiment', { id })).status).toBe('done');
    // Each detector takes about a second here: the panel is caught in at least one of them.
    expect(seen.length).toBeGreaterThan(0);
    for (const sample of seen) {
      expect(sample.percent, JSON.stringify(sample)).toBeLessThan(100);
      expect(sample.stage).toContain('debias:');
      expect(sample.eta).not.toBe('–');
    }
  }, 300_000);

  it('shows every column of its tables at 1280x800 and 1024x700 and exports the precision-recall chart as parseable files', async () => {
    const page = workbench.page;
    await page.goto(`${workbench.host.url}#/debias/${id}`);
    await page.locator('section.table-scroll table').first().waitFor();
    // The most-flagged training images: one row for each of the ten digits.
    await page.locator('[data-testid="flagged-images"] canvas[data-rows="10"]').waitFor();
    const debias = (await workbench.service.request('getExperiment', { id })).summary?.debias as { best: string; classifier?: { flaggedBy: string } };
    const why = page.locator('[data-testid="why-not-best"]');
    if (debias.classifier && debias.classifier.flaggedBy !== debias.best) expect(await why.textContent()).toContain(`not ${debias.best}`);
    else expect(await why.count()).toBe(0);
    await workbench.screenshot('debias');
    await page.emulateMedia({ colorScheme: 'dark' });
    await workbench.screenshot('debias-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    for (const [width, height] of [
      [1280, 800],
      [1024, 700],
    ]) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const cut = (await page.evaluate(`[...document.querySelectorAll('section.table-scroll')].map((s) => s.scrollWidth - s.clientWidth)`)) as number[];
      expect(cut.length).toBe(2);
      for (const overflow of cut) expect(overflow, `${width}x${height}`).toBeLessThanOrEqual(0);
    }
    await workbench.screenshot('1024-debias');
    await page.evaluate(`document.querySelector('.main')?.scrollTo(0, 10000)`);
    await workbench.screenshot('1024-debias-bottom');
    await page.setViewportSize({ width: 1280, height: 800 });

    const chart = 'section.chart-panel[aria-label="Precision–recall per digit"]';
    for (const format of ['SVG', 'PNG'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${chart} button:text-is("${format}")`)]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^debias-${id}-`));
      const path = join(ARTIFACTS, `export-${download.suggestedFilename()}`);
      await download.saveAs(path);
      const bytes = readFileSync(path);
      if (format === 'SVG') {
        const parsed = (await page.evaluate(
          `(() => { const doc = new DOMParser().parseFromString(${JSON.stringify(bytes.toString('utf8'))}, 'image/svg+xml'); const e = doc.querySelector('parsererror'); return { error: e ? e.textContent : '', text: doc.documentElement.textContent }; })()`,
        )) as { error: string; text: string };
        expect(parsed.error).toBe('');
        expect(parsed.text).toContain('recall');
      } else {
        const png = PNG.sync.read(bytes);
        expect(png.width).toBeGreaterThan(200);
      }
    }
    expect(workbench.pageErrors).toEqual([]);
  });
});
