import type { Page } from 'playwright-core';

/** What the Live view's progress panel says at one moment. */
export interface LivePanel {
  /** The run's status badge: running, done, failed, … */
  status: string;
  /** The running phase's id, e.g. `pretrain:2`. */
  phase: string;
  /** The Stage field's words. */
  stage: string;
  /** The percent figure as shown, '' before there is one. */
  percent: string;
  eta: string;
}

/**
 * Reads the whole panel at once (separate reads straddle the moment the run finishes and mix two
 * states); null when the page could not be read, e.g. while it navigates.
 */
export async function readLivePanel(page: Page): Promise<LivePanel | null> {
  // Page code is a string: this file compiles without DOM types.
  return (await page
    .evaluate(`(() => {
      const phase = document.querySelector('[data-testid="phase"]');
      const percent = document.querySelector('[data-testid="percent"]');
      const eta = [...document.querySelectorAll('.stat')].find((s) => s.querySelector('.label')?.textContent?.trim() === 'ETA')?.querySelector('.mono');
      const status = document.querySelector('.page-header [data-status]')?.getAttribute('data-status') ?? '';
      return { status, phase: phase?.getAttribute('data-phase') ?? '', stage: phase?.textContent?.trim() ?? '', percent: percent?.textContent ?? '', eta: eta?.textContent?.trim() ?? '' };
    })()`)
    .catch(() => null)) as LivePanel | null;
}
