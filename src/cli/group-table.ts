import { comparisonBudget } from '../shared/budget.ts';
import type { ExperimentSummary } from '../shared/results.ts';
import { figureDigits, meanSdText, type GroupSummary } from '../shared/seed-groups.ts';

/**
 * The end-of-group table: each figure as mean ± sample sd (n) with every member's value, the
 * comparisons between arms (a difference inside the spread is said to be so), and the budget.
 */
export function groupTable(group: GroupSummary, first: ExperimentSummary): string {
  const header = ['figure', 'mean ± sd (n)', ...group.seeds.map((s) => `seed ${s}`)];
  const rows = [
    header,
    ...group.figures.map((f) => {
      const digits = figureDigits(f.key);
      return [f.label, meanSdText(f, digits), ...f.values.map((v) => (v === null ? '—' : v.toFixed(digits)))];
    }),
  ];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const format = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  const ids = group.experimentIds.some((id) => id !== null) ? `, experiments ${group.experimentIds.map((id) => id ?? '—').join(', ')}` : '';
  const title = `${group.groupId === null ? 'Seed group (not recorded)' : `Seed group ${group.groupId}`}: ${group.seeds.length} runs, seeds ${group.seeds.join(', ')}${ids}. sd is the sample standard deviation (n − 1).`;
  const budget = first.config ? comparisonBudget(first) : '';
  return [
    title,
    '',
    format(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(format),
    ...(group.comparisons.length > 0 ? ['', ...group.comparisons.map((c) => c.sentence)] : []),
    ...(budget ? ['', `Each member's budget, as seed ${group.seeds[0]} had it (every seed's fine-tuning epochs and seconds are in the table): ${budget}`] : []),
  ].join('\n');
}

const csvCell = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : String(v));

/** figure,label,n,mean,sd,seed_<s>… one row per figure. */
export function groupSummaryCsv(group: GroupSummary): string {
  const header = ['figure', 'label', 'n', 'mean', 'sd', ...group.seeds.map((s) => `seed_${s}`)];
  const rows = group.figures.map((f) => [f.key, `"${f.label.replace(/"/g, '""')}"`, String(f.n), csvCell(f.mean), csvCell(f.sd), ...f.values.map(csvCell)]);
  return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}
