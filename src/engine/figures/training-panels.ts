import type { MetricPoint } from '../../shared/results.ts';
import type { CurveLine, CurvePanel, ReferenceLine } from './curve-panel.ts';
import { armOf, layerNumber, seriesOf, sortByLayer, type MetricSeries } from './metric-series.ts';
import { armColor, classSymbol, lineColor } from './palette.ts';

export interface TrainingPanelOptions {
  /** Layer sizes, e.g. [784, 1000, 500, 250, 30], to name each RBM by its shape. */
  layers?: readonly number[];
  /** The fine-tuning loss (`cross-entropy` or `mse`), to name the training-loss axis. */
  lossName?: string;
  /** Horizontal lines on the test-error panel, e.g. PCA's error and the paper's anchor. */
  references?: ReferenceLine[];
}

const EPOCH = 'epoch';
const SSE_PER_IMAGE = 'squared error per image';
/** An RBM's own reconstruction error: of pixels for layer 1, of the lower layer's hidden probabilities above it. */
const SSE_PER_INPUT = 'squared error per input vector';

const LOSS_AXIS_NAMES: Record<string, string> = {
  'cross-entropy': 'cross-entropy loss',
  mse: 'mean squared error loss',
};

/** Per-layer RBM panels: training reconstruction error, whole-stack error and free-energy gap, those that were recorded. */
export function rbmPanels(metrics: readonly MetricPoint[], options: TrainingPanelOptions = {}): CurvePanel[] {
  const panel = (metric: string, title: string, yAxisName: string, namesInput = false): CurvePanel | undefined => {
    const series = sortByLayer(seriesOf(metrics, metric, 'pretrain:'));
    if (series.length === 0) return undefined;
    return { title, xAxisName: EPOCH, yAxisName, lines: series.map((s) => layerLine(s, options.layers, namesInput)) };
  };
  return [
    panel('trainSSE', 'RBM reconstruction error, per layer', SSE_PER_INPUT, true),
    panel('stackSSE', 'Whole stack up and down, per layer added', SSE_PER_IMAGE),
    panel('freeEnergyGap', 'Free-energy gap, held-out vs training', 'mean free-energy gap (nats)'),
  ].filter((p): p is CurvePanel => p !== undefined);
}

/** Fine-tuning panels: training loss and test reconstruction error, one line per arm. */
export function finetunePanels(metrics: readonly MetricPoint[], options: TrainingPanelOptions = {}): CurvePanel[] {
  const panels: CurvePanel[] = [];
  const loss = seriesOf(metrics, 'trainLoss', 'finetune:');
  if (loss.length > 0) {
    const yAxisName = LOSS_AXIS_NAMES[options.lossName ?? ''] ?? 'training loss';
    panels.push({ title: 'Fine-tuning: training loss', xAxisName: EPOCH, yAxisName, lines: loss.map(armLine) });
  }
  const test = seriesOf(metrics, 'testSSE', 'finetune:');
  if (test.length > 0) {
    panels.push({
      title: 'Fine-tuning: test reconstruction error',
      xAxisName: EPOCH,
      yAxisName: SSE_PER_IMAGE,
      lines: test.map(armLine),
      references: options.references,
    });
  }
  return panels;
}

/** A layer's line, named by its shape and, where `namesInput`, by what it reconstructs (its units differ per layer). */
function layerLine(series: MetricSeries, layers: readonly number[] | undefined, namesInput = false): CurveLine {
  const layer = layerNumber(series.phase);
  const known = layer !== Number.MAX_SAFE_INTEGER;
  const shape = known && layers && layer >= 1 && layer < layers.length ? ` (${layers[layer - 1]}→${layers[layer]})` : '';
  const input = namesInput && known ? (layer === 1 ? ' on pixels' : ` on layer-${layer - 1} probabilities`) : '';
  const label = known ? `layer ${layer}${shape}${input}` : series.phase;
  const index = known ? Math.max(0, layer - 1) : 0;
  return { name: label, color: lineColor(index), symbol: classSymbol(index), points: series.points };
}

function armLine(series: MetricSeries, index: number): CurveLine {
  const arm = armOf(series.phase);
  return { name: arm, color: armColor(arm, index), dashed: arm === 'random', symbol: arm === 'random' ? 'rect' : 'circle', points: series.points };
}
