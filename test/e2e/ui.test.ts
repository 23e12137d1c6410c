import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from '../../src/main/export/html.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import type { BrowserWorkbench } from './browser-workbench.ts';
import { exportChart } from './chart-export.ts';
import { workbenchPerFile } from './workbench-per-file.ts';

let workbench: BrowserWorkbench;
let page: Page;
const hasChromium = workbenchPerFile(import.meta.filename, (opened) => {
  workbench = opened;
  page = opened.page;
});

function screenshot(name: string): Promise<void> {
  return workbench.screenshot(name);
}

/** Scrolls the view container (the page itself never scrolls). Page code is a string: this file compiles without DOM types. */
async function scrollMain(y: number): Promise<void> {
  await page.evaluate(`document.querySelector('.main')?.scrollTo(0, ${y})`);
}

/** Reads a numeric attribute of the first element matching `selector` (NaN when absent). */
async function numberAttribute(selector: string, attribute: string): Promise<number> {
  const value = await page.locator(selector).first().getAttribute(attribute, { timeout: 1000 }).catch(() => null);
  return value === null ? Number.NaN : Number(value);
}

/** Parses SVG as XML in the browser: the parser's error, or the document's text and root element. */
async function parseSvg(svg: string): Promise<{ error: string; root: string; text: string; width: number; height: number }> {
  return (await page.evaluate(
    `(() => { const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      const root = doc.documentElement;
      return { error: error ? error.textContent : '', root: root.localName, text: root.textContent, width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')) }; })()`,
  )) as { error: string; root: string; text: string; width: number; height: number };
}

/** Decodes a PNG; its size and how many of its pixels are not (near) white. */
function decodePng(bytes: Buffer): { width: number; height: number; inked: number } {
  const png = PNG.sync.read(bytes);
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 200 || png.data[i + 1] < 200 || png.data[i + 2] < 200) inked++;
  return { width: png.width, height: png.height, inked };
}

describe.skipIf(!hasChromium)('the workbench in Chromium against the loopback host', () => {
  let experimentId = 0;

  it('shows a field error and blocks Start while a field is invalid', async () => {
    await page.goto(`${workbench.host.url}#/new`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-nav')`)).toBe('new');
    await page.click('[data-preset="smoke"]');
    await expect.poll(() => page.inputValue('#field-layers')).toBe('784-64-32-8');
    const batch = page.locator('#field-pretrain-batchSize');
    await batch.fill('600');
    const error = page.locator('[data-path="pretrain.batchSize"] .field-error');
    await expect.poll(() => error.textContent()).toBe('Batch size must be at most training images (500)');
    expect(await page.isDisabled('[data-testid="start"]')).toBe(true);
    expect(await page.textContent('[data-testid="start-blocked"]')).toContain('RBM pretraining batch size must be at most training images (500)');
    await screenshot('new-run-invalid');
    await batch.fill('50');
    // Enough RBM epochs that the chart is seen with fewer layers than it ends with, however fast the machine.
    await page.fill('#field-pretrain-epochs', '8');
    await expect.poll(() => page.isDisabled('[data-testid="start"]')).toBe(false);
    expect(await error.count()).toBe(0);

    // Leaving the view and coming back keeps the edits; a preset card asks before replacing them.
    await page.click('[data-nav="history"]');
    await page.waitForURL(/#\/history/);
    await page.click('[data-nav="new"]');
    await expect.poll(() => page.inputValue('#field-pretrain-epochs')).toBe('8');
    expect(await page.inputValue('#field-pretrain-batchSize')).toBe('50');
    await page.click('[data-preset="quick"]');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('You changed a field (Epochs per layer)');
    await screenshot('new-run-overwrite-confirm');
    await page.click('dialog[open] button:text-is("Keep it")');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.inputValue('#field-pretrain-epochs')).toBe('8');
    expect(await page.inputValue('#field-layers')).toBe('784-64-32-8');
  });

  it('starts a smoke run and watches every layer and the progress bar advance', async () => {
    await page.fill('input[placeholder^="optional"]', 'e2e smoke');
    await scrollMain(0);
    await screenshot('new-run');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot('new-run-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.click('[data-testid="start"]');
    await page.waitForURL(/#\/live\/\d+/);
    experimentId = Number(/#\/live\/(\d+)/.exec(page.url())?.[1]);
    expect(experimentId).toBeGreaterThan(0);

    const layerCounts = new Set<number>();
    const percents: number[] = [];
    let midRunShot = false;
    const deadline = Date.now() + 100_000;
    while (Date.now() < deadline) {
      const layers = await numberAttribute('[data-testid="rbm-chart"] .chart', 'data-series');
      if (Number.isFinite(layers)) layerCounts.add(layers);
      const percent = Number.parseFloat((await page.textContent('[data-testid="percent"]').catch(() => '')) ?? '');
      if (Number.isFinite(percent)) percents.push(percent);
      if (!midRunShot && layers >= 2) {
        await screenshot('live-run-pretraining');
        midRunShot = true;
      }
      const status = await page.getAttribute('.page-header [data-status]', 'data-status').catch(() => null);
      if (status === 'done' || status === 'failed' || status === 'cancelled') break;
      await page.waitForTimeout(100);
    }
    const stored = await workbench.service.request('getExperiment', { id: experimentId });
    expect(stored.status, stored.error ?? '').toBe('done');
    await expect.poll(() => numberAttribute('[data-testid="rbm-chart"] .chart', 'data-series')).toBe(3);
    // The chart grew a line at a time: it showed fewer than three layers before it showed three.
    expect([...layerCounts].filter((n) => n > 0 && n < 3).length).toBeGreaterThan(0);
    const moving = percents.filter((p) => p > 0 && p < 100);
    expect(new Set(moving).size).toBeGreaterThan(1);
    expect(moving).toEqual([...moving].sort((a, b) => a - b));
    await expect.poll(async () => Number.parseFloat((await page.textContent('[data-testid="percent"]')) ?? '')).toBe(100);
    expect(await numberAttribute('[data-testid="test-chart"] .chart', 'data-series')).toBe(2);
    await screenshot('live-run-done');
  });

  it('compares both arms with exactly the stored numbers and full t-SNE maps', async () => {
    await page.click('[data-testid="open-compare"]');
    await page.waitForURL(new RegExp(`#/compare/${experimentId}$`));
    const stored = await workbench.service.request('getExperiment', { id: experimentId });
    const pretrained = stored.arms.find((a) => a.arm === 'pretrained')!;
    const random = stored.arms.find((a) => a.arm === 'random')!;
    const cell = (metric: string, side: string) => numberAttribute(`[data-metric="${metric}"] [data-side="${side}"]`, 'data-value');
    await expect.poll(() => cell('testSSE', 'a'), { timeout: 15_000 }).toBeCloseTo(pretrained.testSSE, 9);
    expect(await cell('testSSE', 'b')).toBeCloseTo(random.testSSE, 9);
    expect(await cell('logregAccuracy', 'a')).toBeCloseTo(pretrained.logregAccuracy, 9);
    expect(await cell('logregAccuracy', 'b')).toBeCloseTo(random.logregAccuracy, 9);
    const pca = stored.baselines.find((b) => b.baseline === 'pca')!.result;
    const raw = stored.baselines.find((b) => b.baseline === 'raw')!.result;
    expect(await cell('logregAccuracy', 'pca')).toBeCloseTo(pca.logregAccuracy, 9);
    expect(await cell('logregAccuracy', 'raw')).toBeCloseTo(raw.logregAccuracy, 9);
    expect(await cell('testSSE', 'pca')).toBeCloseTo(pca.testSSE!, 9);
    // smoke says its results are expected to lose to PCA; the paper's figures are no yardstick for an 8-d code.
    expect(await page.textContent('[data-testid="preset-note"]')).toContain('both arms losing to PCA');
    expect(await page.textContent('[data-testid="paper-note"]')).toContain('Not set beside ours: the code has 8 dimensions, not 30');
    expect(await page.locator('[data-side="paper-autoencoder"]').count()).toBe(0);

    const points = stored.config.evaluation.tsne.points;
    for (const map of ['raw', 'pca', 'pretrained', 'random']) {
      await expect.poll(() => numberAttribute(`[data-map="${map}"] .chart`, 'data-points'), { timeout: 15_000 }).toBe(points);
    }
    await screenshot('compare');
    await scrollMain(10_000);
    await screenshot('compare-maps');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot('compare-maps-dark');
    await scrollMain(0);
    await screenshot('compare-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows the digit image of a hovered t-SNE point', async () => {
    const chart = page.locator('[data-map="pretrained"] .chart');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    const caption = page.locator('[data-map="pretrained"] :text("test image #")');
    // Points are not addressable from the page: sweep the map from its centre outwards until one is under the mouse.
    let hit = false;
    for (let r = 0; r < Math.min(box.width, box.height) / 2 && !hit; r += 4) {
      for (let k = 0; k < Math.max(1, Math.round(r / 2)) && !hit; k++) {
        const angle = (2 * Math.PI * k) / Math.max(1, Math.round(r / 2));
        await page.mouse.move(box.x + box.width / 2 + r * Math.cos(angle), box.y + box.height / 2 + r * Math.sin(angle));
        hit = (await caption.count()) > 0 && (await caption.first().isVisible());
      }
    }
    expect(hit).toBe(true);
    const image = page.locator('[data-map="pretrained"] img[alt^="test image"]');
    await image.first().waitFor({ timeout: 15_000 });
    // A real 28x28 digit, decoded by the browser and scaled up.
    const naturalSize = () => image.first().evaluate((img) => [(img as unknown as { naturalWidth: number }).naturalWidth, (img as unknown as { naturalHeight: number }).naturalHeight]);
    await expect.poll(naturalSize).toEqual([84, 84]);
    expect(await image.first().getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot('compare-tsne-hover');
    await page.mouse.move(0, 0);
  });

  it('exports every chart as well-formed SVG and a decodable PNG, drawn like the CLI figures, named by run', async () => {
    const stored = await workbench.service.request('getExperiment', { id: experimentId });
    const pca = stored.baselines.find((b) => b.baseline === 'pca')!.result.testSSE!;
    const lines = [
      { chart: '[data-testid="compare-test-chart"]', title: 'Test error while fine-tuning', must: ['pretrained', 'random', `PCA ${pca.toFixed(2)}`, 'epoch'] },
      { chart: 'section.chart-panel[aria-label="Training loss while fine-tuning"]', title: 'Training loss while fine-tuning', must: ['pretrained', 'random', 'epoch'] },
    ];
    const maps = ['raw', 'pca', 'pretrained', 'random'].map((key) => ({
      chart: `[data-map="${key}"]`,
      title: 't-SNE of',
      must: ['digit', 'trustworthiness', '1-NN accuracy', ...Array.from({ length: 10 }, (_, d) => String(d))],
    }));
    const names: string[] = [];
    for (const { chart, title, must } of [...lines, ...maps]) {
      const svgFile = await exportChart(page, chart, 'SVG');
      const svg = await parseSvg(svgFile.bytes.toString('utf8'));
      expect(svg.error, `${chart}: ${svg.error}`).toBe('');
      expect(svg.root).toBe('svg');
      expect(svg.text).toContain(title);
      for (const text of must) expect(svg.text, `${chart} SVG lacks "${text}"`).toContain(text);
      const pngFile = await exportChart(page, chart, 'PNG');
      const png = decodePng(pngFile.bytes);
      // Twice the figure's size (pixel ratio 2), with a drawing on it.
      expect([png.width, png.height]).toEqual([2 * svg.width, 2 * svg.height]);
      expect(png.inked).toBeGreaterThan(0.01 * png.width * png.height);
      names.push(svgFile.name, pngFile.name);
    }
    for (const name of names) expect(name).toMatch(new RegExp(`^run-${experimentId}-`));
    expect(new Set(names).size).toBe(names.length);

    await page.goto(`${workbench.host.url}#/live/${experimentId}`);
    for (const chart of ['rbm-chart', 'loss-chart', 'test-chart']) {
      const selector = `[data-testid="${chart}"]`;
      await page.locator(`${selector} .chart`).waitFor();
      const svg = await parseSvg((await exportChart(page, selector, 'SVG')).bytes.toString('utf8'));
      expect(svg.error, `${chart}: ${svg.error}`).toBe('');
      expect(svg.text).toContain('epoch');
      const png = decodePng((await exportChart(page, selector, 'PNG')).bytes);
      expect(png.inked).toBeGreaterThan(0.01 * png.width * png.height);
    }
    await page.goto(`${workbench.host.url}#/compare/${experimentId}`);
    await page.locator('[data-testid="metrics-table"]').waitFor();
  });

  it('compares across runs with the baselines of each run, only the arms a run measured and full-size reconstructions; looks right at 1024x700', async () => {
    const config = { ...smokePreset, arms: ['pretrained' as const], dataset: { ...smokePreset.dataset, testSize: 150 }, evaluation: { ...smokePreset.evaluation, tsne: { ...smokePreset.evaluation.tsne, points: 0 } } };
    const { id } = await workbench.service.request('createExperiment', { config, name: 'e2e one arm' });
    await expect.poll(async () => (await workbench.service.request('getExperiment', { id })).status, { timeout: 110_000, interval: 500 }).toBe('done');
    const other = await workbench.service.request('getExperiment', { id });
    await page.goto(`${workbench.host.url}#/compare?a=${experimentId}:pretrained&b=${id}:pretrained`);
    const options = page.locator('select[aria-label="Arm B"] option');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    const values = await options.evaluateAll((list) => list.map((o) => (o as unknown as { value: string }).value));
    expect(values).toContain(`${id}:pretrained`);
    expect(values).toContain(`${experimentId}:random`);
    // The one-arm run trained no random arm: it is not offered.
    expect(values).not.toContain(`${id}:random`);
    await expect.poll(() => page.textContent('[data-testid="metrics-subtitle"]')).toContain('150 test images');
    expect(await page.textContent('[data-testid="metrics-subtitle"]')).toContain('200 test images');
    expect(await page.textContent('[data-testid="metrics-table"] thead')).toContain(`PCA · B #${id}`);
    const otherPca = other.baselines.find((b) => b.baseline === 'pca')!.result;
    expect(await numberAttribute('[data-metric="testSSE"] [data-side="pca-b"]', 'data-value')).toBeCloseTo(otherPca.testSSE!, 9);
    // Two grids, each drawn at the full cell size (36 px and a 2 px gap after an 86 px label column), not shrunk side by side.
    const finalGrid = (await workbench.service.request('getExperiment', { id: experimentId })).artifacts.find((x) => x.kind === 'reconstructions' && x.phase === 'final')!;
    const content = await workbench.service.request('getArtifact', { id: finalGrid.id });
    const columns = content.kind === 'reconstructions' ? content.grid.rows[0].images.length : 0;
    expect(columns).toBeGreaterThan(0);
    const grids = page.locator('canvas.image-grid');
    await expect.poll(() => grids.count()).toBe(2);
    for (const grid of await grids.all()) expect((await grid.boundingBox())!.width).toBeCloseTo(86 + columns * (36 + 2), 0);
    // Each run's PCA error is its own reference line.
    const testChart = await parseSvg((await exportChart(page, '[data-testid="compare-test-chart"]', 'SVG')).bytes.toString('utf8'));
    expect(testChart.text).toContain(`PCA · A #${experimentId} ${(await workbench.service.request('getExperiment', { id: experimentId })).baselines.find((b) => b.baseline === 'pca')!.result.testSSE!.toFixed(2)}`);
    expect(testChart.text).toContain(`PCA · B #${id} ${otherPca.testSSE!.toFixed(2)}`);
    await screenshot('compare-cross-run');
    await scrollMain(600);
    await screenshot('compare-cross-run-grids');

    await page.setViewportSize({ width: 1024, height: 700 });
    await scrollMain(0);
    await screenshot('1024-compare-cross-run');
    await page.goto(`${workbench.host.url}#/compare/${experimentId}`);
    await page.locator('[data-testid="metrics-table"]').waitFor();
    await screenshot('1024-compare');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot('1024-compare-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${workbench.host.url}#/live/${experimentId}`);
    await page.locator('[data-testid="test-chart"] .chart').waitFor();
    await screenshot('1024-live');
    await scrollMain(10_000);
    await screenshot('1024-live-bottom');
    await page.goto(`${workbench.host.url}#/history`);
    // The test-error columns sort: ascending, then descending on a second click.
    const pretrainedError = async (run: number) => (await workbench.service.request('getExperiment', { id: run })).arms.find((a) => a.arm === 'pretrained')!.testSSE;
    const errors: [number, number][] = [
      [experimentId, await pretrainedError(experimentId)],
      [id, await pretrainedError(id)],
    ];
    const ascending = errors.sort((x, y) => x[1] - y[1]).map(([run]) => String(run));
    const order = () => page.locator('tr[data-experiment]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-experiment')));
    await page.click('[data-sort="pretrained"]');
    await expect.poll(order).toEqual(ascending);
    await page.click('[data-sort="pretrained"]');
    await expect.poll(order).toEqual([...ascending].reverse());
    await page.locator(`[data-experiment="${experimentId}"]`).click();
    await page.locator('[data-testid="history-detail"]').waitFor();
    await screenshot('1024-history');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot('1024-history-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // Nothing scrolls sideways: the table and its detail panel fit the window.
    expect(await page.evaluate(`(() => { const m = document.querySelector('.main'); return m.scrollWidth - m.clientWidth; })()`)).toBeLessThanOrEqual(0);
    await page.goto(`${workbench.host.url}#/new`);
    await screenshot('1024-new-run');
    await page.setViewportSize({ width: 1280, height: 800 });
    await workbench.service.request('deleteExperiment', { id });
    await page.goto(`${workbench.host.url}#/compare/${experimentId}`);
    await page.locator('[data-testid="metrics-table"]').waitFor();
  });

  it('exports the report with the stored metrics and embedded figures', async () => {
    const stored = await workbench.service.request('getExperiment', { id: experimentId });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="html"]')]);
    const path = join(workbench.workDir, download.suggestedFilename());
    await download.saveAs(path);
    const html = readFileSync(path, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    for (const arm of stored.arms) {
      expect(html).toContain(formatNumber(arm.testSSE));
      expect(html).toContain(formatPercent(arm.logregAccuracy));
    }
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/(src|href)="https?:/);

    // The host cannot write PDFs: its button prints the same report from the browser instead.
    const pdf = page.locator('[data-export="pdf"]');
    expect(await pdf.textContent()).toContain('Print / PDF');
    expect(await pdf.getAttribute('title')).toContain('needs the desktop app');
    await page.addInitScript('window.print = () => { window.parent.__printed = document.body.textContent; }');
    await pdf.click();
    await expect.poll(() => page.evaluate('String(window.__printed ?? "")')).toContain(formatNumber(stored.arms[0].testSSE));
  });

  it('finds the run in History after a host restart and a reload, and deletes it after confirmation', async () => {
    await workbench.stopHost();
    await workbench.startHost();
    await page.goto(`${workbench.host.url}#/history`);
    await page.reload();
    const row = page.locator(`[data-experiment="${experimentId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('e2e smoke');
    // Keyboard only: the row takes focus and Enter opens its details.
    await row.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="history-detail"]').waitFor();
    await page.fill('[data-testid="notes-input"]', 'checked by the e2e test');
    await page.click('[data-testid="save-details"]');
    await expect.poll(async () => (await workbench.service.request('getExperiment', { id: experimentId })).notes).toBe('checked by the e2e test');
    await screenshot('history');

    await page.click('[data-testid="clone"]');
    await page.waitForURL(new RegExp(`#/new\\?clone=${experimentId}$`));
    await expect.poll(() => page.textContent('.new-run .subtitle')).toContain(`Cloned from run #${experimentId}`);
    expect(await page.inputValue('#field-layers')).toBe('784-64-32-8');
    expect(await page.inputValue('#field-dataset-trainSize')).toBe('500');
    await page.goBack();
    await row.click();
    await page.locator('[data-testid="history-detail"]').waitFor();
    await page.click('[data-testid="delete"]');
    await page.locator('dialog[open]').waitFor();
    await screenshot('history-delete-confirm');
    await page.click('[data-testid="confirm"]');
    await row.waitFor({ state: 'detached' });
    await expect(workbench.service.request('getExperiment', { id: experimentId })).rejects.toThrow(/does not exist/);
    await page.click('[data-nav="debias"]');
    await expect.poll(() => page.textContent('.page.debias')).toContain('No ColoredMNIST run yet');
    await screenshot('debias-empty');
    expect(workbench.pageErrors).toEqual([]);
  });
});
