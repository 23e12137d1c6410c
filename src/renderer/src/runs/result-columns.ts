/** The result columns of the Runs table: what each measures and its unit, in the app's wording. */
export const RESULT_KEYS = ['testSSE', 'logregAccuracy', 'trustworthiness', 'seconds', 'runSeconds', 'pcaTestSSE'] as const;
export type ResultKey = (typeof RESULT_KEYS)[number];

export interface ResultColumn {
  key: ResultKey;
  label: string;
  /** Shown beside the label in the header. */
  unit: string;
  /** The header's tooltip: the measure in full. */
  title: string;
  better: 'lower' | 'higher';
  /** Decimal places in cells (after the unit's scaling). */
  digits: number;
  /** Cells show value × scale (accuracy as a percentage). */
  scale: number;
}

export const RESULT_COLUMNS: readonly ResultColumn[] = [
  { key: 'testSSE', label: 'Test error', unit: 'SSE/img', title: 'Test squared error per image (summed over the pixels, averaged over test images)', better: 'lower', digits: 2, scale: 1 },
  { key: 'logregAccuracy', label: 'Logistic accuracy', unit: '%', title: 'Logistic regression accuracy on codes (test set)', better: 'higher', digits: 2, scale: 100 },
  { key: 'trustworthiness', label: 'Trustworthiness', unit: '0–1', title: "Trustworthiness of the arm's t-SNE map against the pixels (1 = every map neighbour is a pixel neighbour)", better: 'higher', digits: 3, scale: 1 },
  { key: 'seconds', label: 'Fine-tune time', unit: 's', title: 'Fine-tuning time (s), RBM pretraining not included', better: 'lower', digits: 1, scale: 1 },
  { key: 'runSeconds', label: 'Run time', unit: 's', title: 'Whole run (s): pretraining, both arms, baselines and maps', better: 'lower', digits: 1, scale: 1 },
  { key: 'pcaTestSSE', label: 'PCA test error', unit: 'SSE/img', title: "The run's PCA baseline: test squared error per image with as many components as the code", better: 'lower', digits: 2, scale: 1 },
];

export function resultColumn(key: ResultKey): ResultColumn {
  const column = RESULT_COLUMNS.find((c) => c.key === key);
  if (!column) throw new Error(`no result column ${key}`);
  return column;
}

/** A cell: the value in the column's unit, or an en dash where the run has none. */
export function formatResult(key: ResultKey, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const column = resultColumn(key);
  return (value * column.scale).toFixed(column.digits);
}

/** A group's figure on three short lines, narrow enough for 1024 px: the mean, `± sd` (empty without an sd), `n=2`. */
export function groupFigureLines(key: ResultKey, stats: { n: number; mean: number; sd: number | null }): [string, string, string] {
  if (stats.n === 0) return ['–', '', 'n=0'];
  const column = resultColumn(key);
  const mean = (stats.mean * column.scale).toFixed(column.digits);
  return [mean, stats.sd === null ? '' : `±\u00a0${(stats.sd * column.scale).toFixed(column.digits)}`, `n=${stats.n}`];
}

/** A group's figure, `mean ± sd` in the column's unit (the view shows n beside it); one value has no sd. */
export function formatMeanSd(key: ResultKey, stats: { n: number; mean: number; sd: number | null }): string {
  if (stats.n === 0) return '–';
  const column = resultColumn(key);
  const mean = (stats.mean * column.scale).toFixed(column.digits);
  const sd = stats.sd === null ? '' : ` ± ${(stats.sd * column.scale).toFixed(column.digits)}`;
  return `${mean}${sd}`;
}
