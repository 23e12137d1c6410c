import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { smokePreset } from '../../src/shared/presets.ts';
import type { MetricPoint } from '../../src/shared/results.ts';
import { ARTIFACTS, type BrowserWorkbench } from './browser-workbench.ts';
import { workbenchPerFile } from './workbench-per-file.ts';

let workbench: BrowserWorkbench;
let page: Page;
const hasChromium = workbenchPerFile(import.meta.filename, async (opened) => {
  workbench = opened;
  page = opened.page;
  await page.setViewportSize({ width: 1280, height: 800 });
});
let experimentId = 0;
let metrics: MetricPoint[] = [];

interface SeriesSeen {
  name: string;
  id: string;
  data: [number, number][];
  lineStyle?: { opacity?: number };
}
interface OptionSeen {
  xAxis: { name: string; type: string }[];
  yAxis: { name: string; type: string }[];
  series: SeriesSeen[];
  dataZoom?: { type: string; start: number; end: number; startValue: number; endValue: number }[];
}

/** The option ECharts holds for a chart, read through its instance (page code is a string: this file compiles without DOM types). */
async function chartOption(chart: string): Promise<OptionSeen> {
  return (await page.evaluate(
    `(() => { const o = globalThis.__echarts.getInstanceByDom(document.querySelector('[data-testid="${chart}"] .chart')).getOption();
      return JSON.parse(JSON.stringify({ xAxis: o.xAxis, yAxis: o.yAxis, dataZoom: o.dataZoom,
        series: o.series.map((s) => ({ name: s.name, id: String(s.id), data: s.data, lineStyle: s.lineStyle })) })); })()`,
  )) as OptionSeen;
}

function control(chart: string, name: string): ReturnType<Page['locator']> {
  return page.locator(`[data-testid="${chart}"] [data-control="${name}"]`);
}

async function setSmoothing(chart: string, value: number): Promise<void> {
  await control(chart, 'smoothing').evaluate((el, v) => {
    const input = el as unknown as { value: string; dispatchEvent(e: unknown): void };
    input.value = String(v);
    input.dispatchEvent(new (globalThis as unknown as { Event: new (type: string) => unknown }).Event('input'));
  }, value);
}

/** The line a chart draws for `name` (not its faint raw copy), and that copy. */
function lines(option: OptionSeen, name: string): { shown: SeriesSeen; raw?: SeriesSeen } {
  const shown = option.series.find((s) => s.name === name && !s.id.startsWith('raw:'));
  if (!shown) throw new Error(`no series ${name} in ${option.series.map((s) => s.name).join(', ')}`);
  return { shown, raw: option.series.find((s) => s.name === name && s.id.startsWith('raw:')) };
}

/** The recorded values of one metric in one phase, by epoch. */
function recorded(phase: string, name: string): [number, number][] {
  return metrics
    .filter((m) => m.phase === phase && m.name === name)
    .map((m): [number, number] => [m.epoch, m.value])
    .sort((a, b) => a[0] - b[0]);
}

/** TensorBoard's debiased exponential moving average, written out here as the test's own reference. */
function referenceEma(values: number[], weight: number): number[] {
  let last = 0;
  return values.map((v, i) => {
    last = weight * last + (1 - weight) * v;
    return last / (1 - weight ** (i + 1));
  });
}

async function exportChart(chart: string, format: 'PNG' | 'SVG'): Promise<{ name: string; bytes: Buffer }> {
  const button = page.locator(`[data-testid="${chart}"] button:text-is("${format}")`);
  await button.scrollIntoViewIfNeeded();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = join(ARTIFACTS, `export-controls-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** Parses SVG as XML in the browser: the parser's error, the text of every <text> element, and the root's size. */
async function parseSvg(svg: string): Promise<{ error: string; texts: string[]; width: number; height: number }> {
  return (await page.evaluate(
    `(() => { const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      const root = doc.documentElement;
      return { error: error ? error.textContent : '', texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
        width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')) }; })()`,
  )) as { error: string; texts: string[]; width: number; height: number };
}

describe.skipIf(!hasChromium)('chart controls: smoothing, log scale, zoom and training time', () => {
  it('records a small run with its training time per epoch', async () => {
    const config = {
      ...smokePreset,
      pretrain: { ...smokePreset.pretrain, epochs: 3 },
      finetune: { ...smokePreset.finetune, epochs: 6 },
      evaluation: { ...smokePreset.evaluation, tsne: { ...smokePreset.evaluation.tsne, points: 0 } },
    };
    ({ id: experimentId } = await workbench.service.request('createExperiment', { config, name: 'e2e chart controls' }));
    const outcome = async () => {
      const run = await workbench.service.request('getExperiment', { id: experimentId });
      return run.status === 'failed' ? `failed: ${run.error}` : run.status;
    };
    await expect.poll(outcome, { timeout: 170_000, interval: 500 }).toMatch(/^(done|failed)/);
    expect(await outcome()).toBe('done');
    metrics = (await workbench.service.request('getExperiment', { id: experimentId })).metrics;
    for (const phase of ['pretrain:1', 'finetune:pretrained', 'finetune:random']) {
      const elapsed = recorded(phase, 'elapsedSeconds');
      expect(elapsed.map((p) => p[0])).toEqual(phase.startsWith('pretrain') ? [1, 2, 3] : [1, 2, 3, 4, 5, 6]);
      // Cumulative: growing epoch by epoch.
      for (let i = 1; i < elapsed.length; i++) expect(elapsed[i][1]).toBeGreaterThan(elapsed[i - 1][1]);
    }
  }, 180_000);

  it('in Live: log scale, smoothing against the recorded values, training time, zoom and reset', async () => {
    await page.goto(`${workbench.host.url}#/live/${experimentId}`);
    const chart = 'loss-chart';
    await page.locator(`[data-testid="${chart}"] .chart`).waitFor();
    await expect.poll(async () => (await chartOption(chart)).series.length).toBe(2);
    // Opened after the run ended, so no event brought its reconstructions: the panel shows the stored final grid.
    const stored = (await workbench.service.request('getExperiment', { id: experimentId })).artifacts.find((a) => a.kind === 'reconstructions' && a.phase === 'final');
    const finalGrid = await workbench.service.request('getArtifact', { id: stored!.id });
    const rows = finalGrid.kind === 'reconstructions' ? finalGrid.grid.rows.length : 0;
    expect(rows).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => Number(await page.getAttribute('canvas.image-grid', 'data-rows')), { timeout: 10_000 }).toBe(rows);
    // The recorded seconds are an x-axis, never a curve of their own.
    for (const name of (await chartOption('rbm-chart')).series.map((s) => s.name)) expect(name).toMatch(/^RBM \d/);

    await control(chart, 'log').check();
    await expect.poll(async () => (await chartOption(chart)).yAxis[0].type).toBe('log');
    await control(chart, 'log').uncheck();
    await expect.poll(async () => (await chartOption(chart)).yAxis[0].type).toBe('value');

    await setSmoothing(chart, 0.6);
    const loss = recorded('finetune:pretrained', 'trainLoss');
    await expect.poll(async () => lines(await chartOption(chart), 'pretrained').raw !== undefined).toBe(true);
    const smoothedOption = await chartOption(chart);
    const { shown, raw } = lines(smoothedOption, 'pretrained');
    const expected = referenceEma(
      loss.map((p) => p[1]),
      0.6,
    );
    expect(shown.data.map((p) => p[0])).toEqual(loss.map((p) => p[0]));
    shown.data.forEach((p, i) => expect(p[1]).toBeCloseTo(expected[i], 9));
    expect(raw!.data).toEqual(loss);
    expect(raw!.lineStyle?.opacity).toBeLessThan(0.5);

    await control(chart, 'x-axis').selectOption('time');
    const elapsed = recorded('finetune:pretrained', 'elapsedSeconds');
    const unit = Math.max(...elapsed.map((p) => p[1])) >= 120 ? 60 : 1;
    await expect.poll(async () => (await chartOption(chart)).xAxis[0].name).toBe(unit === 1 ? 'training time (s)' : 'training time (min)');
    const timed = lines(await chartOption(chart), 'pretrained');
    timed.shown.data.forEach((p, i) => expect(p[0]).toBeCloseTo(elapsed[i][1] / unit, 9));
    timed.shown.data.forEach((p, i) => expect(p[1]).toBeCloseTo(expected[i], 9));

    const reset = control(chart, 'reset-zoom');
    expect(await reset.isDisabled()).toBe(true);
    await page.evaluate(
      `globalThis.__echarts.getInstanceByDom(document.querySelector('[data-testid="${chart}"] .chart')).dispatchAction({ type: 'dataZoom', start: 30, end: 80 })`,
    );
    await expect.poll(() => reset.isDisabled()).toBe(false);
    const zoomed = (await chartOption(chart)).dataZoom!;
    expect(zoomed.map((z) => z.type).sort()).toEqual(['inside', 'slider']);
    expect(zoomed[0].start).toBeCloseTo(30, 6);
    expect(zoomed[0].end).toBeCloseTo(80, 6);
    await reset.click();
    await expect.poll(async () => (await chartOption(chart)).dataZoom![0].start).toBe(0);
    expect((await chartOption(chart)).dataZoom![0].end).toBe(100);
  }, 60_000);

  it('exports SVG and PNG with the title, the legend and the controls in effect named', async () => {
    const chart = 'loss-chart';
    await control(chart, 'log').check();
    await page.evaluate(
      `globalThis.__echarts.getInstanceByDom(document.querySelector('[data-testid="${chart}"] .chart')).dispatchAction({ type: 'dataZoom', start: 20, end: 90 })`,
    );
    await expect.poll(() => control(chart, 'reset-zoom').isDisabled()).toBe(false);
    const window = (await chartOption(chart)).dataZoom![0];
    const svg = await parseSvg((await exportChart(chart, 'SVG')).bytes.toString('utf8'));
    expect(svg.error).toBe('');
    const short = (v: number) => String(Number(v.toPrecision(3)));
    // The title, the line under it naming what the controls changed, the legend and the axis names.
    expect(svg.texts).toEqual(
      expect.arrayContaining([
        'Fine-tuning: training loss',
        `smoothed 0.60 · log scale · over training time · ${short(window.startValue)}–${short(window.endValue)} s shown`,
        'pretrained',
        'random',
        'training time (s)',
      ]),
    );
    expect(svg.texts.some((t) => t.startsWith('training loss'))).toBe(true);
    const png = PNG.sync.read((await exportChart(chart, 'PNG')).bytes);
    expect(png.width).toBe(2 * svg.width);
    expect(png.height).toBe(2 * svg.height);
    let inked = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 200 || png.data[i + 1] < 200 || png.data[i + 2] < 200) inked++;
    expect(inked).toBeGreaterThan(0.01 * png.width * png.height);
    await page.locator('[data-testid="loss-chart"]').scrollIntoViewIfNeeded();
    await workbench.screenshot('chart-controls-live');
    await page.emulateMedia({ colorScheme: 'dark' });
    await workbench.screenshot('chart-controls-live-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('in Compare: log scale and training time on both sides; looks right at 1024x700', async () => {
    await page.goto(`${workbench.host.url}#/compare/${experimentId}`);
    const chart = 'compare-test-chart';
    await page.locator(`[data-testid="${chart}"] .chart`).waitFor();
    await expect.poll(async () => (await chartOption(chart)).series.length).toBeGreaterThan(0);
    await control(chart, 'log').check();
    await expect.poll(async () => (await chartOption(chart)).yAxis[0].type).toBe('log');
    await control(chart, 'x-axis').selectOption('time');
    await expect.poll(async () => (await chartOption(chart)).xAxis[0].name).toMatch(/^training time/);
    const times = new Set(['finetune:pretrained', 'finetune:random'].flatMap((phase) => recorded(phase, 'elapsedSeconds').map((p) => p[1])));
    for (const series of (await chartOption(chart)).series) for (const [x] of series.data) expect(times.has(x)).toBe(true);
    await setSmoothing('compare-loss-chart', 0.8);
    await page.locator('[data-testid="compare-loss-chart"]').scrollIntoViewIfNeeded();
    await workbench.screenshot('chart-controls-compare');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.locator('[data-testid="compare-loss-chart"]').scrollIntoViewIfNeeded();
    await workbench.screenshot('1024-chart-controls-compare');
    await page.emulateMedia({ colorScheme: 'dark' });
    await workbench.screenshot('1024-chart-controls-compare-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${workbench.host.url}#/live/${experimentId}`);
    await page.locator('[data-testid="loss-chart"] .chart').waitFor();
    await setSmoothing('loss-chart', 0.6);
    await page.locator('[data-testid="loss-chart"]').scrollIntoViewIfNeeded();
    await workbench.screenshot('1024-chart-controls-live');
    await page.emulateMedia({ colorScheme: 'dark' });
    await workbench.screenshot('1024-chart-controls-live-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('offers only epochs for a run recorded without training times, and says why', async () => {
    const db = new Database(join(workbench.workDir, 'history.db'));
    db.prepare(`DELETE FROM metrics WHERE experiment_id = ? AND name = 'elapsedSeconds'`).run(experimentId);
    db.close();
    await page.goto(`${workbench.host.url}#/live/${experimentId}`);
    // A new page: the one open still holds the run's metrics as it streamed them.
    await page.reload();
    await page.locator('[data-testid="test-chart"] .chart').waitFor();
    const timeOption = page.locator('[data-testid="test-chart"] [data-control="x-axis"] option[value="time"]');
    await expect.poll(() => timeOption.isDisabled()).toBe(true);
    const why = await page.locator('[data-testid="test-chart"] label:has([data-control="x-axis"])').getAttribute('title');
    expect(why).toMatch(/^No training time recorded for pretrained, random: runs recorded before the per-epoch elapsedSeconds metric/);
    // A metric with values at or below zero cannot go on a log axis: the box is off and says why.
    const gap = metrics.filter((m) => m.phase.startsWith('pretrain:') && m.name === 'freeEnergyGap').map((m) => m.value);
    await page.locator('select[aria-label="RBM metric"]').selectOption('freeEnergyGap');
    const log = control('rbm-chart', 'log');
    if (Math.min(...gap) <= 0) {
      await expect.poll(() => log.isDisabled()).toBe(true);
      expect(await page.locator('[data-testid="rbm-chart"] label:has([data-control="log"])').getAttribute('title')).toMatch(/^Log scale needs values above 0/);
    } else {
      await expect.poll(() => log.isDisabled()).toBe(false);
    }
    await workbench.screenshot('chart-controls-old-run');
  }, 60_000);
});
