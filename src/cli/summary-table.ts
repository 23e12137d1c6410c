import { comparisonBudget } from '../shared/budget.ts';
import type { ExperimentSummary, LogregFit } from '../shared/results.ts';

function cell(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** A logistic accuracy, marked where L-BFGS stopped at its iteration cap before converging. */
function accuracyCell(value: number, fit: LogregFit | undefined): string {
  return fit && !fit.converged ? `${cell(value, 4)} (not converged, ${fit.iterations} it)` : cell(value, 4);
}

/** The end-of-run table: test error and logistic accuracy per representation, and the budget the arms were compared at. */
export function summaryTable(summary: ExperimentSummary): string {
  const rows: [string, string, string, string][] = [['representation', 'test SSE/image', 'logreg accuracy', 'seconds']];
  const { raw, pca } = summary.baselines;
  if (raw) rows.push(['raw pixels', '—', accuracyCell(raw.logregAccuracy, raw.logreg), '—']);
  if (pca) rows.push([`PCA (${pca.components ?? '?'} components)`, cell(pca.testSSE, 2), accuracyCell(pca.logregAccuracy, pca.logreg), '—']);
  for (const arm of ['pretrained', 'random'] as const) {
    const result = summary.arms[arm];
    if (result) rows.push([`autoencoder, ${arm}`, cell(result.testSSE, 2), accuracyCell(result.logregAccuracy, result.logreg), cell(result.seconds, 1)]);
  }
  for (const [method, table] of [['t-SNE', summary.tsne], ['UMAP', summary.umap]] as const) {
    for (const [name, q] of Object.entries(table ?? {})) {
      // A map without KL is a 2-d code drawn as it is (codes-2d), not a t-SNE map.
      const label = q.kl === undefined && method === 't-SNE' ? `2-d code ${name}` : `${method} ${name}`;
      // T is against the pixels for every map (one yardstick); T(own) against the codes the map was made from.
      const own = q.trustworthinessOwnSpace === undefined ? '' : ` T(own space)=${cell(q.trustworthinessOwnSpace, 3)}`;
      rows.push([label, `T(pixels)=${cell(q.trustworthiness, 3)}`, `1-NN ${cell(q.knnAccuracy, 4)}`, `${q.kl === undefined ? '—' : `KL ${cell(q.kl, 3)}`}${own}`]);
    }
  }
  const debias = summary.debias as { methods?: Record<string, { auroc: number; averagePrecision: number; precision: number; recall: number }>; classifier?: { plain: number; reweighted: number } } | undefined;
  for (const [name, m] of Object.entries(debias?.methods ?? {})) {
    rows.push([`debias ${name}`, `AUROC ${cell(m.auroc, 3)}`, `AP ${cell(m.averagePrecision, 3)}`, `P ${cell(m.precision, 2)} R ${cell(m.recall, 2)}`]);
  }
  if (debias?.classifier) rows.push(['digit classifier, unbiased test', `plain ${cell(debias.classifier.plain, 3)}`, `reweighted ${cell(debias.classifier.reweighted, 3)}`, '—']);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const format = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  const budget = summary.config ? comparisonBudget(summary) : '';
  return [format(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(format), ...(budget ? ['', budget] : [])].join('\n');
}
