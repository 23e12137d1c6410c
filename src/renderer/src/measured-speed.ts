/** One finished run's training speed, as measured while it trained. */
export interface SpeedSample {
  experimentId: number;
  backend: string;
  flopsPerSecond: number;
}

/**
 * The median speed of the recent runs on one backend, so the estimate does not swing with whichever
 * run finished last (a tiny run's set-up-dominated rate, a run that shared the CPU).
 */
export function medianSpeed(samples: readonly SpeedSample[], backend: string): { flopsPerSecond: number; runs: number[] } | undefined {
  const same = samples.filter((s) => s.backend === backend && Number.isFinite(s.flopsPerSecond) && s.flopsPerSecond > 0);
  if (same.length === 0) return undefined;
  const rates = same.map((s) => s.flopsPerSecond).sort((a, b) => a - b);
  const middle = Math.floor(rates.length / 2);
  const flopsPerSecond = rates.length % 2 === 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
  return { flopsPerSecond, runs: same.map((s) => s.experimentId) };
}
