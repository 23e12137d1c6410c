import type { ArmResult, BaselineResult } from '../../../shared/results.ts';

export interface MetricRow {
  key: 'testSSE' | 'trainSSE' | 'logregAccuracy' | 'seconds';
  label: string;
  /** Lower is better for errors and time, higher for accuracy. */
  better: 'lower' | 'higher';
  a?: number;
  b?: number;
  pca?: number;
  raw?: number;
}

export interface Baselines {
  pca?: BaselineResult;
  raw?: BaselineResult;
}

/** The rows of the comparison table: each arm's numbers with the baselines beside them. */
export function metricRows(a: ArmResult | null, b: ArmResult | null, baselines: Baselines): MetricRow[] {
  return [
    { key: 'testSSE', label: 'Test error (squared error per image)', better: 'lower', a: a?.testSSE, b: b?.testSSE, pca: baselines.pca?.testSSE, raw: undefined },
    { key: 'trainSSE', label: 'Train error (squared error per image)', better: 'lower', a: a?.trainSSE, b: b?.trainSSE },
    {
      key: 'logregAccuracy',
      label: 'Logistic regression accuracy on codes',
      better: 'higher',
      a: a?.logregAccuracy,
      b: b?.logregAccuracy,
      pca: baselines.pca?.logregAccuracy,
      raw: baselines.raw?.logregAccuracy,
    },
    // An arm's seconds are its fine-tuning only; RBM pretraining (the pretrained arm's head start) is not in them.
    { key: 'seconds', label: 'Fine-tuning time (s), RBM pretraining not included', better: 'lower', a: a?.seconds, b: b?.seconds },
  ];
}

/** `a − b`, or undefined when either is missing. */
export function difference(row: MetricRow): number | undefined {
  return row.a !== undefined && row.b !== undefined ? row.a - row.b : undefined;
}

/** Which side wins the row, if both are known and they differ. */
export function winner(row: MetricRow): 'a' | 'b' | undefined {
  const d = difference(row);
  if (d === undefined || d === 0) return undefined;
  return (d < 0) === (row.better === 'lower') ? 'a' : 'b';
}

export function formatMetric(key: MetricRow['key'], value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (key === 'logregAccuracy') return `${(value * 100).toFixed(2)}%`;
  if (key === 'seconds') return value.toFixed(1);
  return value.toFixed(3);
}

export function formatDifference(key: MetricRow['key'], value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const magnitude = Math.abs(value);
  return key === 'logregAccuracy' ? `${sign}${(magnitude * 100).toFixed(2)} pt` : `${sign}${formatMetric(key, magnitude)}`;
}
