import { afterAll, beforeAll } from 'vitest';
import { chromium, needs } from '../support/prerequisites.ts';
import { BrowserWorkbench } from './browser-workbench.ts';

/**
 * One workbench for all of a test file's tests: opened before the first (handed to `onOpen`) when
 * Chromium is there, closed after the last. Returns whether Chromium is there (the tests skip if not).
 */
export function workbenchPerFile(
  testFile: string,
  onOpen: (workbench: BrowserWorkbench) => void | Promise<void>,
  options: Parameters<typeof BrowserWorkbench.open>[0] = {},
): boolean {
  const hasChromium = needs(chromium(), testFile);
  let opened: BrowserWorkbench | undefined;
  beforeAll(async () => {
    if (!hasChromium) return;
    opened = await BrowserWorkbench.open(options);
    await onOpen(opened);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return hasChromium;
}
