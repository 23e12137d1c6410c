import type { MetricPoint } from '../../../shared/results.ts';
import { ARM_COLORS, LAYER_COLORS } from '../palette.ts';

/** One line of a chart: a metric over the epochs of one phase. */
export interface Curve {
  name: string;
  color: string;
  dashed?: boolean;
  points: [number, number][];
}

/** Values of `metric` per phase with the given prefix, in first-seen phase order, sorted by epoch. */
export function curvesByPhase(metrics: readonly MetricPoint[], metric: string, prefix: string): Map<string, [number, number][]> {
  const byPhase = new Map<string, Map<number, number>>();
  for (const m of metrics) {
    if (m.name !== metric || !m.phase.startsWith(prefix) || !Number.isFinite(m.value)) continue;
    let epochs = byPhase.get(m.phase);
    if (!epochs) byPhase.set(m.phase, (epochs = new Map()));
    epochs.set(m.epoch, m.value);
  }
  return new Map([...byPhase].map(([phase, epochs]) => [phase, [...epochs].sort((a, b) => a[0] - b[0])]));
}

/** `pretrain:2` -> 2. */
export function layerOf(phase: string): number {
  return Number(phase.slice(phase.indexOf(':') + 1));
}

/** `finetune:random` -> `random`. */
export function armOf(phase: string): string {
  return phase.slice(phase.indexOf(':') + 1);
}

/** One line per RBM, named by its shape, e.g. `RBM 2 (64→32)`. */
/**
 * One line per RBM for `metric`. With `nameInputs`, a reconstruction error's legend says what the RBM
 * reconstructs (an exported figure has no subtitle to say it).
 */
export function layerCurves(metrics: readonly MetricPoint[], metric: string, layers?: readonly number[], nameInputs = false): Curve[] {
  return [...curvesByPhase(metrics, metric, 'pretrain:')]
    .sort(([a], [b]) => layerOf(a) - layerOf(b))
    .map(([phase, points]) => {
      const layer = layerOf(phase);
      const shape = layers && layer >= 1 && layer < layers.length ? ` (${layers[layer - 1]}→${layers[layer]})` : '';
      // An RBM's own reconstruction error is of its input: pixels for the first, the layer below's probabilities above it.
      const input = nameInputs && metric === 'trainSSE' ? (layer === 1 ? ' on pixels' : ` on RBM-${layer - 1} probabilities`) : '';
      return { name: `RBM ${layer}${shape}${input}`, color: LAYER_COLORS[(layer - 1) % LAYER_COLORS.length] ?? LAYER_COLORS[0], points };
    });
}

/** One line per fine-tuned arm for `metric`, the random arm dashed. */
export function armCurves(metrics: readonly MetricPoint[], metric: string, label = ''): Curve[] {
  return [...curvesByPhase(metrics, metric, 'finetune:')].map(([phase, points]) => {
    const arm = armOf(phase);
    return { name: label ? `${arm} · ${label}` : arm, color: ARM_COLORS[arm] ?? '#888', dashed: arm === 'random', points };
  });
}
