import { parseDebiasSummary } from '../../shared/debias-schema.ts';
import type { ExperimentSummary } from '../../shared/results.ts';
import { escapeHtml, formatNumber, formatPercent, table } from './html.ts';

/** The bias-conflict detection of a ColoredMNIST run: each method's scores, the best, and the classifier it fed. */
export function debiasSection(summary: ExperimentSummary): string {
  const debias = parseDebiasSummary(summary.debias);
  if (!debias) return '';
  const rows = Object.entries(debias.methods).map(([name, m]) => [
    escapeHtml(name) + (name === debias.best ? ' <small>(best)</small>' : ''),
    formatNumber(m.auroc, 3),
    formatNumber(m.averagePrecision, 3),
    formatPercent(m.precision, 1),
    formatPercent(m.recall, 1),
    formatNumber(m.seconds, 1),
  ]);
  const { dataset } = debias;
  const lead = `<p>ColoredMNIST, skew ${dataset.skew}, severity ${dataset.severity}, ${dataset.trainCount} training / ${dataset.testCount} test images; each method flags the top ${formatPercent(debias.contamination, 1)} of each digit's training images as bias-conflicting, scored against the sealed colour labels (means over the ten digits).</p>`;
  const c = debias.classifier;
  const why =
    c && c.flaggedBy !== debias.best
      ? ` It upweights ${escapeHtml(c.flaggedBy)}, not the best method ${escapeHtml(debias.best)}: that method is fixed before the run, while “best” is picked against the sealed colour labels, which a real debiasing job never has.`
      : '';
  const classifier = c
    ? `<p>Digit classifier on the unbiased test split: plain ${formatPercent(c.plain, 1)}; upweighting ${escapeHtml(c.flaggedBy)}’s flags ×${c.upweight} ${formatPercent(c.reweighted, 1)}.${why}</p>`
    : '';
  const head = ['method', 'AUROC', 'average precision', 'precision', 'recall', 'time (s)'];
  return `<section id="debias"><h2>Bias-conflict detection</h2>${lead}${table(head, rows, 'results')}${classifier}</section>`;
}
