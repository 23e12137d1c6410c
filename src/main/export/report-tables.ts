import type { EmbeddingMap, ExperimentSummary, LogregFit } from '../../shared/results.ts';
import { adapterLabel } from '../../shared/describe-adapter.ts';
import { describeProducts } from '../../shared/describe-products.ts';
import { comparisonBudget } from '../../shared/budget.ts';
import { representationName } from '../../engine/figures/embedding-labels.ts';
import { flattenConfig } from './flatten-config.ts';
import { skipReason } from './skip-reason.ts';
import { escapeHtml, formatNumber, formatPercent, table } from './html.ts';
import { anchorCaveats, anchorsApply, PAPER_ANCHORS, PAPER_CITATION } from './paper-anchors.ts';

/** A logistic accuracy, marked where L-BFGS stopped at its iteration cap before converging. */
function accuracyCell(value: number, fit: LogregFit | undefined): string {
  return fit && !fit.converged ? `${formatPercent(value)}<br><small>not converged (${fit.iterations} iterations)</small>` : formatPercent(value);
}

/** Test error and logistic accuracy for raw / PCA / each arm, next to the paper's published errors. */
export function resultsTable(summary: ExperimentSummary): string {
  const { pca, raw } = summary.baselines;
  const { pretrained, random } = summary.arms;
  const withAnchors = anchorsApply(summary.config);
  const row = (cells: string[], paper: string) => (withAnchors ? [...cells.slice(0, 3), paper, ...cells.slice(3)] : cells);
  const rows: string[][] = [];
  if (raw) rows.push(row(['raw pixels', '—', accuracyCell(raw.logregAccuracy, raw.logreg), '—', '—'], '—'));
  if (pca) {
    const k = pca.components ?? summary.config.layers.at(-1);
    rows.push(row([`PCA (${k} components)`, formatNumber(pca.testSSE), accuracyCell(pca.logregAccuracy, pca.logreg), '—', '—'], formatNumber(PAPER_ANCHORS.pca)));
  }
  for (const arm of [pretrained, random]) {
    if (!arm) continue;
    const paper = arm.arm === 'pretrained' ? formatNumber(PAPER_ANCHORS.autoencoder) : '—';
    rows.push(row([escapeHtml(representationName(arm.arm)), formatNumber(arm.testSSE), accuracyCell(arm.logregAccuracy, arm.logreg), escapeHtml(arm.init), formatNumber(arm.seconds, 1)], paper));
  }
  const head = ['representation', 'test error<br><small>squared error per image</small>', 'logistic-regression<br><small>test accuracy</small>', 'initialisation', 'training time (s)'];
  return table(row(head, 'paper’s test error<br><small>MNIST, 30-d codes</small>'), rows, 'results');
}

/** A sentence on how much the pretrained arm's error is below the random arm's and PCA's, with the budget it holds for. */
export function comparisonSentence(summary: ExperimentSummary): string {
  const pre = summary.arms.pretrained?.testSSE;
  if (pre === undefined) return '';
  const parts: string[] = [];
  const against = (name: string, other: number | undefined) => {
    if (other === undefined || !(other > 0)) return;
    const change = (other - pre) / other;
    parts.push(`${formatPercent(Math.abs(change), 1)} ${change >= 0 ? 'below' : 'above'} ${name} (${formatNumber(other)})`);
  };
  against('the random-start arm', summary.arms.random?.testSSE);
  against('PCA', summary.baselines.pca?.testSSE);
  if (parts.length === 0) return '';
  // One seed per arm: no spread to weigh the difference against.
  const single = 'One run per arm (no spread over seeds), so the size of the difference is not established.';
  return `<p class="lead">The pretrained autoencoder’s test error (${formatNumber(pre)}) is ${parts.join(' and ')}. ${escapeHtml(comparisonBudget(summary))} ${single}</p>`;
}

export function anchorNote(summary: ExperimentSummary): string {
  const caveats = anchorCaveats(summary.config);
  const base = `Published anchors, ${PAPER_CITATION}, on the MNIST test set, 30-d codes: PCA ${PAPER_ANCHORS.pca.toFixed(2)}, logistic PCA ${PAPER_ANCHORS.logisticPca.toFixed(2)}, autoencoder ${PAPER_ANCHORS.autoencoder.toFixed(2)} squared error per image.`;
  const warn = caveats.length ? ` Compare with care: ${caveats.map(escapeHtml).join('; ')}.` : '';
  return `<p class="note">${base}${warn}</p>`;
}

interface MapQuality {
  representation: string;
  method: string;
  trustworthiness?: number;
  trustworthinessOwnSpace?: number;
  knnAccuracy?: number;
  kl?: number;
  points?: number;
}

/** Quality of each 2-D map: from the maps themselves, else from the summary's `tsne` figures. */
export function embeddingTable(summary: ExperimentSummary, maps: readonly EmbeddingMap[]): string {
  const rows: MapQuality[] = maps.length
    ? maps.map((m) => ({ ...m, points: m.points.length }))
    : Object.entries(summary.tsne ?? {}).map(([representation, q]) => ({ representation, method: 'tsne', ...q }));
  if (rows.length === 0) return '';
  const methodNames: Record<string, string> = { tsne: 't-SNE', umap: 'UMAP', code: '2-D code' };
  return table(
    [
      'representation',
      'map',
      'trustworthiness vs pixels<br><small>k = 10, the same yardstick for every map</small>',
      '1-NN accuracy in 2-D',
      'KL divergence',
      'points',
      'trustworthiness in its own space<br><small>vs the codes mapped; not comparable across rows</small>',
    ],
    rows.map((r) => [
      escapeHtml(representationName(r.representation)),
      escapeHtml(methodNames[r.method] ?? r.method),
      formatNumber(r.trustworthiness, 3),
      formatPercent(r.knnAccuracy, 1),
      formatNumber(r.kl, 3),
      r.points === undefined ? '—' : String(r.points),
      formatNumber(r.trustworthinessOwnSpace, 3),
    ]),
    'results nowrap',
  );
}

export function configTable(config: unknown): string {
  return table(['setting', 'value'], flattenConfig(config).map(([k, v]) => [`<code>${escapeHtml(k)}</code>`, escapeHtml(v)]), 'config');
}

export function environmentTable(summary: ExperimentSummary, environment: Record<string, string>, createdAt: string): string {
  const b = summary.backend;
  const rows: [string, string][] = [
    ['report created', createdAt],
    ['backend', `${b.name} (${b.package})`],
    ['native', b.native ? 'yes' : 'no'],
    ['GPU', b.gpu ? 'yes' : 'no'],
    ...(b.adapter ? [['GPU adapter', adapterLabel(b.adapter)] as [string, string]] : []),
    ...(b.products ? [['matrix products', `${describeProducts(b.products)}: ${b.products.reason}`] as [string, string]] : []),
    ...b.skipped.map((s): [string, string] => [`skipped ${s.name}`, skipReason(s.reason)]),
    ['seed', String(summary.seed)],
    ['total time', `${formatNumber(summary.seconds, 1)} s`],
    ...Object.entries(environment),
  ];
  return table(['item', 'value'], rows.map(([k, v]) => [escapeHtml(k), escapeHtml(v)]), 'config');
}
