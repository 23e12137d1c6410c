import type { ExperimentSummary, MetricPoint } from '../../shared/results.ts';

/** One RFC 4180 field: quoted (with doubled quotes) when it holds a comma, quote or line break. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',');
}

/** Every metric point as `phase,epoch,name,value`, with a header, in the order given; values at full precision. */
export function metricsCsv(metrics: readonly MetricPoint[]): string {
  const lines = [csvLine(['phase', 'epoch', 'name', 'value'])];
  for (const m of metrics) lines.push(csvLine([m.phase, m.epoch, m.name, m.value]));
  return lines.join('\n') + '\n';
}

/** The representations in the order the coursework reports them. */
export const RESULT_ORDER = ['raw', 'pca', 'pretrained', 'random'] as const;

/** Logistic-regression test accuracy (0..1) of each representation that was evaluated. */
export function accuracies(summary: Pick<ExperimentSummary, 'arms' | 'baselines'>): { name: string; accuracy: number }[] {
  const byName: Record<string, number | undefined> = {
    raw: summary.baselines.raw?.logregAccuracy,
    pca: summary.baselines.pca?.logregAccuracy,
    pretrained: summary.arms.pretrained?.logregAccuracy,
    random: summary.arms.random?.logregAccuracy,
  };
  return RESULT_ORDER.flatMap((name) => {
    const accuracy = byName[name];
    return accuracy === undefined || !Number.isFinite(accuracy) ? [] : [{ name, accuracy }];
  });
}

export interface ResultsCsvOptions {
  /** Start with a `name,accuracy` header line. Off by default: the coursework's file is rows only. */
  header?: boolean;
}

/** The coursework's result file: one `name,accuracy` row per evaluated representation (raw, pca, pretrained, random). */
export function resultsCsv(summary: Pick<ExperimentSummary, 'arms' | 'baselines'>, options: ResultsCsvOptions = {}): string {
  const lines = options.header ? [csvLine(['name', 'accuracy'])] : [];
  for (const { name, accuracy } of accuracies(summary)) lines.push(csvLine([name, accuracy]));
  return lines.join('\n') + (lines.length ? '\n' : '');
}
