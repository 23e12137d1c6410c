import type { MetricPoint } from '../../shared/results.ts';

/** One curve: the values of one metric over the epochs of one phase, sorted by epoch. */
export interface MetricSeries {
  phase: string;
  name: string;
  points: [number, number][];
}

/** Groups metric points into curves, keeping the first-seen order of phases; a repeated epoch keeps its last value. */
export function seriesOf(metrics: readonly MetricPoint[], name: string, phasePrefix: string): MetricSeries[] {
  const byPhase = new Map<string, Map<number, number>>();
  for (const m of metrics) {
    if (m.name !== name || !m.phase.startsWith(phasePrefix) || !Number.isFinite(m.value)) continue;
    let epochs = byPhase.get(m.phase);
    if (!epochs) byPhase.set(m.phase, (epochs = new Map()));
    epochs.set(m.epoch, m.value);
  }
  return [...byPhase].map(([phase, epochs]) => ({
    phase,
    name,
    points: [...epochs].sort((a, b) => a[0] - b[0]),
  }));
}

/** `pretrain:3` -> 3; phases without a numeric suffix sort last. */
export function layerNumber(phase: string): number {
  const n = Number(phase.slice(phase.indexOf(':') + 1));
  return Number.isInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** `finetune:random` -> `random`. */
export function armOf(phase: string): string {
  return phase.slice(phase.indexOf(':') + 1);
}

export function sortByLayer(series: MetricSeries[]): MetricSeries[] {
  return [...series].sort((a, b) => layerNumber(a.phase) - layerNumber(b.phase));
}
