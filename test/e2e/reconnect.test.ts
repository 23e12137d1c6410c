import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BrowserWorkbench } from './browser-workbench.ts';
import { workbenchPerFile } from './workbench-per-file.ts';

// Runs finish in a second or two: this test is about the link to the host, not the engine.
const standIn = fileURLToPath(new URL('../integration/fixtures/stand-in-pipeline.ts', import.meta.url));

let workbench: BrowserWorkbench;
let page: Page;
const hasChromium = workbenchPerFile(
  import.meta.filename,
  (opened) => {
    workbench = opened;
    page = opened.page;
  },
  { pipelineModule: standIn },
);

const banner = () => page.locator('[data-testid="connection-banner"]');

describe.skipIf(!hasChromium)('the renderer when the host restarts', () => {
  it('shows that it is reconnecting, keeps the form, and follows a run started after the restart', async () => {
    await page.goto(`${workbench.host.url}#/new`);
    await page.click('[data-preset="smoke"]');
    await expect.poll(() => page.inputValue('#field-layers')).toBe('784-64-32-8');
    await page.fill('#field-finetune-epochs', '4');
    await page.fill('input[placeholder^="optional"]', 'typed before the restart');
    expect(await banner().count()).toBe(0);

    await workbench.stopHost();
    await banner().waitFor({ timeout: 10_000 });
    expect(await banner().textContent()).toContain('Disconnected from the workbench host — reconnecting');
    await workbench.screenshot('reconnecting');

    await workbench.startHost();
    await banner().waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.inputValue('input[placeholder^="optional"]')).toBe('typed before the restart');
    expect(await page.inputValue('#field-finetune-epochs')).toBe('4');

    await page.click('[data-testid="start"]');
    await page.waitForURL(/#\/live\/\d+/);
    const experimentId = Number(/#\/live\/(\d+)/.exec(page.url())?.[1]);
    await expect.poll(() => page.getAttribute('.page-header [data-status]', 'data-status'), { timeout: 30_000 }).toBe('done');
    await expect.poll(async () => Number.parseFloat((await page.textContent('[data-testid="percent"]')) ?? '')).toBe(100);
    // Only events (not the stored state) write the log: it shows the run's events reached the page.
    const log = await page.textContent('.log');
    expect(log).toContain('finetune:random started: 4 epochs');
    expect(log).toContain('run done');
    const stored = await workbench.service.request('getExperiment', { id: experimentId });
    expect(stored.name).toBe('typed before the restart');
    expect(stored.config.finetune.epochs).toBe(4);
    await workbench.screenshot('live-run-after-reconnect');
    expect(workbench.pageErrors).toEqual([]);
  });
});
