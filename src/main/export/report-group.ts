import { figureDigits, meanSdText, type GroupSummary } from '../../shared/seed-groups.ts';
import { escapeHtml, table } from './html.ts';

/** The report's seed-group section: every figure as mean ± sample sd (n) with each member's value, and the comparisons with their spread. */
export function groupSection(group: GroupSummary | undefined, memberSeed: number): string {
  if (!group) return '';
  const head = ['figure', 'mean ± sd (n)', ...group.seeds.map((s) => (s === memberSeed ? `seed ${s} (this run)` : `seed ${s}`))];
  const rows = group.figures.map((f) => {
    const digits = figureDigits(f.key);
    return [escapeHtml(f.label), escapeHtml(meanSdText(f, digits)), ...f.values.map((v) => (v === null ? '—' : v.toFixed(digits)))];
  });
  const ids = group.experimentIds.filter((id): id is number => id !== null);
  const intro =
    `<p>This run is one of ${group.seeds.length} runs of the same configuration with seeds ${escapeHtml(group.seeds.join(', '))}` +
    `${group.groupId === null ? '' : ` (seed group ${group.groupId}${ids.length ? `, experiments ${ids.join(', ')}` : ''})`}. ` +
    'Each figure is the mean ± the sample standard deviation (n − 1) over the runs, with each run’s value. ' +
    'A difference no larger than the two standard deviations together is within the spread, not a win.</p>';
  const comparisons = group.comparisons.length
    ? `<ul class="group-comparisons">${group.comparisons.map((c) => `<li>${escapeHtml(c.sentence)}</li>`).join('')}</ul>`
    : '';
  return `<section id="seed-group"><h2>Seed group</h2>${intro}${table(head, rows, 'results')}${comparisons}</section>`;
}
