import type { ExperimentDetail } from '../../../shared/api.ts';
import { figureDigits, meanSdText } from '../../../shared/seed-groups.ts';

/** One figure of a seed group, as Compare shows it: `mean ± sd (n)` and each seed's value. */
export interface GroupRow {
  key: string;
  label: string;
  meanSd: string;
  values: string;
}

/** A run's seed group, for Compare: its test-error and logistic-accuracy figures, each arm's fine-tuning budget, and the comparisons with their spread. */
export interface GroupView {
  title: string;
  rows: GroupRow[];
  sentences: string[];
}

export function groupView(detail: ExperimentDetail | undefined): GroupView | undefined {
  const group = detail?.groupSummary;
  if (!group) return undefined;
  const rows = group.figures
    .filter((f) => ['.testSSE', '.logregAccuracy', '.epochs', '.seconds'].some((end) => f.key.endsWith(end)))
    .map((f) => {
      const digits = figureDigits(f.key);
      return { key: f.key, label: f.label, meanSd: meanSdText(f, digits), values: f.values.map((v) => (v === null ? '—' : v.toFixed(digits))).join(', ') };
    });
  return {
    title: `Seed group ${group.groupId ?? ''} of #${detail.id}: ${group.seeds.length} finished run${group.seeds.length === 1 ? '' : 's'}, seeds ${group.seeds.join(', ')} — mean ± sample sd (n − 1)`,
    rows,
    sentences: group.comparisons.map((c) => c.sentence),
  };
}
