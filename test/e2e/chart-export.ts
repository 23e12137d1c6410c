import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './browser-workbench.ts';

/** Clicks the PNG or SVG button of the chart at `chart` (a selector) and returns the file it downloads, kept in ARTIFACTS to be looked at. */
export async function exportChart(page: Page, chart: string, format: 'PNG' | 'SVG'): Promise<{ name: string; bytes: Buffer }> {
  const button = page.locator(`${chart} button:text-is("${format}")`);
  await button.scrollIntoViewIfNeeded();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = join(ARTIFACTS, `export-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}
