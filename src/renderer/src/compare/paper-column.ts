import type { ExperimentConfig } from '../../../shared/config.ts';
import { anchorCaveats, anchorsApply, PAPER_ANCHORS, PAPER_CITATION } from '../../../shared/paper-anchors.ts';
import type { MetricRow } from './metrics-rows.ts';

export interface PaperColumns {
  /** Whether the paper's figures stand beside ours as columns (MNIST with 30-d codes only). */
  shown: boolean;
  note: string;
}

/** The paper's published test errors for the Compare table, and the caveats that go with them. */
export function paperColumns(config: ExperimentConfig): PaperColumns {
  const shown = anchorsApply(config);
  const caveats = anchorCaveats(config);
  const base = `Paper: ${PAPER_CITATION}, MNIST test set, 30-d codes: PCA ${PAPER_ANCHORS.pca.toFixed(2)}, deep autoencoder ${PAPER_ANCHORS.autoencoder.toFixed(2)} squared error per image.`;
  if (!shown) return { shown, note: `${base} Not set beside ours: ${caveats.join('; ')}, so they are no yardstick for this run.` };
  return { shown, note: caveats.length ? `${base} Compare with care: ${caveats.join('; ')}.` : base };
}

/** The paper's value for one metric row: only the test error was published. */
export function paperValue(row: MetricRow, model: 'autoencoder' | 'pca'): number | undefined {
  return row.key === 'testSSE' ? PAPER_ANCHORS[model] : undefined;
}
