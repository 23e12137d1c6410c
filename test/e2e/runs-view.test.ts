import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../../src/shared/api.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
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

/** A smoke run a few seconds long, with the given RBM epochs, fine-tuning rate and seed. */
function tiny(epochs: number, learningRate: number, seed: number): ExperimentConfig {
  return {
    ...smokePreset,
    seed,
    pretrain: { ...smokePreset.pretrain, epochs },
    finetune: { ...smokePreset.finetune, epochs: 2, learningRate },
    evaluation: { ...smokePreset.evaluation, tsne: { ...smokePreset.evaluation.tsne, iterations: 100 } },
  };
}

async function waitDone(id: number): Promise<ExperimentDetail> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const detail = await workbench.service.request('getExperiment', { id });
    if (!['queued', 'running'].includes(detail.status) || Date.now() > deadline) return detail;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sample sd (n − 1), by hand. */
function sampleSd(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

/** Parses SVG as XML in the browser: the parser's error and the document's text. */
async function parseSvg(svg: string): Promise<{ error: string; text: string }> {
  return (await page.evaluate(
    `(() => { const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml'); const e = doc.querySelector('parsererror'); return { error: e ? e.textContent : '', text: doc.documentElement.textContent }; })()`,
  )) as { error: string; text: string };
}

const OVERLAY = '[data-testid="runs-overlay"]';
const PARALLEL = '[data-testid="runs-parallel"]';
const TABLE = '[data-testid="runs-table"]';

describe.skipIf(!hasChromium)('the Runs view: three small runs at once', () => {
  const runs: ExperimentDetail[] = [];

  it('selects a run and a whole seed group in History and opens them together', async () => {
    const single = await workbench.service.request('createExperiment', { config: tiny(1, 0.003, 1), name: 'one RBM epoch' });
    const group = await workbench.service.request('createExperiment', { config: tiny(2, 0.01, 11), name: 'two RBM epochs', seeds: 2 });
    expect(group.ids).toHaveLength(2);
    for (const id of [single.id, ...group.ids!]) runs.push(await waitDone(id));
    for (const run of runs) expect(run.status, run.error ?? '').toBe('done');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${workbench.host.url}#/history`);
    await page.locator(`[data-experiment="${single.id}"]`).waitFor();
    await page.check(`[data-experiment="${single.id}"] input[type="checkbox"]`);
    await page.click(`[data-experiment="${group.ids![0]}"] [data-testid="select-group"]`);
    await expect.poll(() => page.textContent('[data-testid="open-runs"]')).toContain('(3)');
    for (const id of group.ids!) expect(await page.isChecked(`[data-experiment="${id}"] input[type="checkbox"]`)).toBe(true);
    await workbench.screenshot('runs-history-selection');
    await page.click('[data-testid="open-runs"]');
    await page.waitForURL(new RegExp(`#/runs\\?ids=${single.id}%2C${group.ids![0]}%2C${group.ids![1]}$`));
  }, 600_000);

  it('overlays one curve per run and arm, named by run, for any metric picked', async () => {
    const chart = `${OVERLAY} .chart`;
    await expect.poll(() => page.getAttribute(chart, 'data-series'), { timeout: 15_000 }).toBe('6');
    await workbench.screenshot('runs-every-arm');
    const label = (await page.getAttribute(chart, 'aria-label')) ?? '';
    for (const run of runs) for (const arm of ['pretrained', 'random']) expect(label).toContain(`#${run.id} ${run.name} · ${arm}`);
    // Points: each run's fine-tuning epochs, both arms.
    const epochs = runs.reduce((n, r) => n + r.metrics.filter((m) => m.name === 'testSSE' && m.phase.startsWith('finetune:')).length, 0);
    expect(Number(await page.getAttribute(chart, 'data-points'))).toBe(epochs);

    await page.selectOption('[data-testid="overlay-metric"]', 'pretrain:2|trainSSE');
    // Every run has an RBM 2 (three RBMs in the stack): one curve per run, as many points as its RBM epochs.
    await expect.poll(() => page.getAttribute(chart, 'data-series')).toBe('3');
    const rbmPoints = runs.reduce((n, r) => n + r.metrics.filter((m) => m.name === 'trainSSE' && m.phase === 'pretrain:2').length, 0);
    expect(rbmPoints).toBe(1 + 2 + 2);
    expect(Number(await page.getAttribute(chart, 'data-points'))).toBe(rbmPoints);
    expect(await page.getAttribute(`${OVERLAY}`, 'aria-label')).toBe('squared error per input vector — RBM 2');

    await page.selectOption('[data-testid="overlay-metric"]', 'finetune:pretrained|testSSE');
    await expect.poll(() => page.getAttribute(chart, 'data-series')).toBe('3');
    const svg = await exportChart(page, OVERLAY, 'SVG');
    const parsed = await parseSvg(svg.bytes.toString('utf8'));
    expect(parsed.error).toBe('');
    for (const run of runs) expect(parsed.text).toContain(`#${run.id} ${run.name}`);
    expect(parsed.text).toContain('test squared error per image');
    const png = PNG.sync.read((await exportChart(page, OVERLAY, 'PNG')).bytes);
    expect(png.width).toBeGreaterThan(400);
  });

  it('sorts the table by any column and groups it by a config field with the service’s numbers', async () => {
    const tested = runs.flatMap((r) => r.arms.map((a) => ({ key: `${r.id}:${a.arm}`, testSSE: a.testSSE, accuracy: a.logregAccuracy, epochs: r.config.pretrain.epochs, arm: a.arm })));
    expect(tested).toHaveLength(6);
    const keys = () => page.$$eval(`${TABLE} tbody tr[data-row]`, (trs) => trs.map((tr) => tr.getAttribute('data-row')));
    // Opens sorted by test error, lowest first.
    const ascending = [...tested].sort((a, b) => a.testSSE - b.testSSE).map((t) => t.key);
    expect(await keys()).toEqual(ascending);
    const cells = await page.$$eval(`${TABLE} tbody tr[data-row] td[data-col="testSSE"]`, (tds) => tds.map((td) => td.textContent?.trim()));
    expect(cells).toEqual([...tested].sort((a, b) => a.testSSE - b.testSSE).map((t) => t.testSSE.toFixed(2)));
    // Each row's other results are the service's: trustworthiness of the arm's t-SNE map, the run's whole time.
    for (const run of runs) {
      for (const arm of run.arms) {
        const row = `${TABLE} tr[data-row="${run.id}:${arm.arm}"]`;
        expect(await page.textContent(`${row} td[data-col="trustworthiness"]`)).toBe(run.summary!.tsne![arm.arm]!.trustworthiness.toFixed(3));
        expect(await page.textContent(`${row} td[data-col="runSeconds"]`)).toBe(run.summary!.seconds.toFixed(1));
        expect(await page.textContent(`${row} td[data-col="logregAccuracy"]`)).toBe((arm.logregAccuracy * 100).toFixed(2));
      }
    }
    await page.click(`${TABLE} [data-sort="result:testSSE"]`);
    expect(await keys()).toEqual([...ascending].reverse());
    await page.click(`${TABLE} [data-sort="result:logregAccuracy"]`);
    expect(await keys()).toEqual([...tested].sort((a, b) => a.accuracy - b.accuracy).map((t) => t.key));
    // The config columns are the fields that differ: the seed, RBM epochs and the fine-tuning rate.
    const heads = await page.$$eval(`${TABLE} thead th[title]`, (ths) => ths.map((th) => th.getAttribute('title')));
    expect(heads.slice(0, 3)).toEqual(['seed', 'pretrain.epochs', 'finetune.learningRate']);
    expect(await page.textContent(`${TABLE} thead`)).toContain('SSE/img');

    await page.selectOption('[data-testid="group-by"]', 'pretrain.epochs');
    const groups = await page.$$eval(`${TABLE} tbody.group`, (bodies) =>
      bodies.map((b) => {
        const cell = b.querySelector('tr.group-row td[data-col="testSSE"]');
        return { key: b.getAttribute('data-group'), members: b.querySelectorAll('tr[data-row]').length, n: Number(cell?.getAttribute('data-n')), mean: Number(cell?.getAttribute('data-mean')), sd: cell?.getAttribute('data-sd'), text: cell?.textContent?.trim() };
      }),
    );
    expect(groups.map((g) => g.key)).toEqual(['1|pretrained', '1|random', '2|pretrained', '2|random']);
    for (const group of groups) {
      const [epochs, arm] = group.key!.split('|');
      const values = tested.filter((t) => t.epochs === Number(epochs) && t.arm === arm).map((t) => t.testSSE);
      expect(group.members).toBe(values.length);
      expect(group.n).toBe(values.length);
      expect(group.mean).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 9);
      if (values.length > 1) {
        expect(Number(group.sd)).toBeCloseTo(sampleSd(values), 9);
        expect(group.text).toContain(`±\u00a0${sampleSd(values).toFixed(2)}`);
      } else expect(group.sd).toBe('');
      expect(group.text).toContain(`n=${values.length}`);
    }
    await workbench.screenshot('runs-grouped');
    await page.selectOption('[data-testid="group-by"]', '');
  });

  it('draws one parallel-coordinates line per run and arm, and exports it', async () => {
    const chart = `${PARALLEL} .chart`;
    expect(await page.getAttribute(chart, 'data-series')).toBe('2');
    expect(await page.getAttribute(chart, 'data-points')).toBe('6');
    const svg = await exportChart(page, PARALLEL, 'SVG');
    expect(svg.name).toMatch(/^runs-\d+-\d+-\d+-parallel/);
    const parsed = await parseSvg(svg.bytes.toString('utf8'));
    expect(parsed.error).toBe('');
    expect(parsed.text).toContain('Hyperparameters against results');
    expect(parsed.text).toContain('epochs');
    expect(parsed.text).toContain('SSE/img');
    const png = PNG.sync.read((await exportChart(page, PARALLEL, 'PNG')).bytes);
    expect(png.width).toBeGreaterThan(400);
  });

  it('follows a run while it goes: its curve and results arrive without reopening the view', async () => {
    const { id } = await workbench.service.request('createExperiment', { config: tiny(1, 0.003, 5), name: 'running now' });
    await page.goto(`${workbench.host.url}#/runs?ids=${runs[0].id},${id}`);
    await page.locator(`${TABLE} tr[data-row="${id}:pretrained"]`).waitFor();
    const done = await waitDone(id);
    expect(done.status, done.error ?? '').toBe('done');
    const pretrained = done.arms.find((a) => a.arm === 'pretrained')!;
    await expect.poll(() => page.textContent(`${TABLE} tr[data-row="${id}:pretrained"] td[data-col="testSSE"]`), { timeout: 10_000 }).toBe(pretrained.testSSE.toFixed(2));
    // The overlay still shows the metric picked before (the pretrained arm's test error): a curve per run.
    await expect.poll(() => page.getAttribute(`${OVERLAY} .chart`, 'data-series')).toBe('2');
    expect(await page.getAttribute(`${OVERLAY} .chart`, 'aria-label')).toContain(`#${id} running now`);
    await page.goto(`${workbench.host.url}#/runs?ids=${runs.map((r) => r.id).join(',')}`);
    await page.locator(`${TABLE} tr[data-row]`).first().waitFor();
    // The sidebar's Runs link comes back to the runs last opened.
    await page.click('[data-nav="history"]');
    await page.click('[data-nav="runs"]');
    await page.waitForURL(new RegExp(`#/runs\\?ids=${runs.map((r) => r.id).join('%2C')}$`));
    await page.locator(`${TABLE} tr[data-row]`).first().waitFor();
  }, 300_000);

  it('fits 1280x800 and 1024x700 in both themes without sideways scrolling', async () => {
    for (const [width, height] of [
      [1280, 800],
      [1024, 700],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.evaluate(`document.querySelector('.main')?.scrollTo(0, 0)`);
        await page.waitForTimeout(300);
        const overflow = (await page.evaluate(
          `(() => { const main = document.querySelector('.main'); const scroll = document.querySelector('.table-scroll'); return [main.scrollWidth - main.clientWidth, scroll.scrollWidth - scroll.clientWidth]; })()`,
        )) as number[];
        expect(overflow, `${width}x${height} ${scheme}`).toEqual([0, 0]);
        await workbench.screenshot(`runs-${width}-${scheme}`);
        await page.evaluate(`document.querySelector('.main')?.scrollTo(0, 10000)`);
        await workbench.screenshot(`runs-${width}-${scheme}-bottom`);
      }
    }
    // Grouped, each figure is a mean ± sd over two lines: still no sideways scrolling at 1024x700.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.selectOption('[data-testid="group-by"]', 'pretrain.epochs');
    await page.locator(`${TABLE} tbody.group`).first().scrollIntoViewIfNeeded();
    await workbench.screenshot('runs-1024-grouped');
    expect(await page.evaluate(`(() => { const s = document.querySelector('.table-scroll'); return s.scrollWidth - s.clientWidth; })()`)).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(workbench.pageErrors).toEqual([]);
  });
});
