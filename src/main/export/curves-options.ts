import type { CurvesSvgOptions } from '../../engine/figures/curves-svg.ts';
import type { ReferenceLine } from '../../engine/figures/curve-panel.ts';
import type { ExperimentSummary } from '../../shared/results.ts';
import { anchorCaveats, PAPER_ANCHORS } from './paper-anchors.ts';

/**
 * Curve options that follow from a finished run: layer shapes in the legend, the loss's
 * name on its axis, and PCA's test error (plus the paper's autoencoder anchor when the run
 * follows the paper's data and code size) as reference lines on the test-error panel.
 */
export function curvesOptionsFor(summary: ExperimentSummary): CurvesSvgOptions {
  const references: ReferenceLine[] = [];
  const pca = summary.baselines.pca?.testSSE;
  if (pca !== undefined && Number.isFinite(pca)) references.push({ label: 'PCA', value: pca });
  if (anchorCaveats(summary.config).length === 0) references.push({ label: 'paper autoencoder', value: PAPER_ANCHORS.autoencoder });
  return { layers: summary.config.layers, lossName: summary.config.finetune.loss, references };
}
