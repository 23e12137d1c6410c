import type { ExperimentDetail } from '../../../shared/api.ts';
import { flattenConfig, type FieldValue } from './config-fields.ts';
import type { ResultKey } from './result-columns.ts';

/** One row of the Runs table: one arm of one run (every figure of the table but run time is an arm's). */
export interface RunRow {
  /** `3:pretrained`: unique in the table. */
  key: string;
  experimentId: number;
  runName: string;
  /** `#3 name`, the legend's and the tooltip's name of the run. */
  runLabel: string;
  arm: string;
  status: string;
  config: Map<string, FieldValue>;
  results: Partial<Record<ResultKey, number>>;
}

export function runLabel(detail: Pick<ExperimentDetail, 'id' | 'name'>): string {
  return `#${detail.id} ${detail.name}`;
}

/** The rows of one run: one per arm its config asks for, with the results of those that finished. */
export function rowsOfRun(detail: ExperimentDetail): RunRow[] {
  const config = flattenConfig(detail.config);
  const arms = detail.config.arms.length > 0 ? detail.config.arms : detail.arms.map((a) => a.arm);
  const pca = detail.baselines.find((b) => b.baseline === 'pca')?.result.testSSE ?? detail.summary?.baselines.pca?.testSSE;
  return arms.map((arm) => {
    const result = detail.arms.find((a) => a.arm === arm);
    const trust = detail.summary?.tsne?.[arm]?.trustworthiness;
    const results: Partial<Record<ResultKey, number>> = {
      ...(result ? { testSSE: result.testSSE, logregAccuracy: result.logregAccuracy, seconds: result.seconds } : {}),
      ...(trust !== undefined ? { trustworthiness: trust } : {}),
      ...(detail.summary ? { runSeconds: detail.summary.seconds } : {}),
      ...(pca !== undefined ? { pcaTestSSE: pca } : {}),
    };
    return { key: `${detail.id}:${arm}`, experimentId: detail.id, runName: detail.name, runLabel: runLabel(detail), arm, status: detail.status, config, results };
  });
}

export function runRows(details: readonly ExperimentDetail[]): RunRow[] {
  return details.flatMap(rowsOfRun);
}
