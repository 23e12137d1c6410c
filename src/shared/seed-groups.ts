import { armEpochs } from './budget.ts';
import type { ExperimentSummary } from './results.ts';

/** The most members one `--seeds` group may have: each member is a full run. */
export const MAX_SEEDS = 20;

/** Seeds must stay in the config's range [0, 2^31 − 1]. */
const MAX_SEED = 2 ** 31 - 1;

/**
 * The seeds of a group of `count` runs from `baseSeed`: baseSeed, baseSeed + 1, …, baseSeed + count − 1,
 * wrapping to 0 past 2^31 − 1. The first member is the run a single `workbench run` with that seed makes.
 */
export function groupSeeds(baseSeed: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEEDS) {
    throw new RangeError(`seeds: must be a whole number from 1 to ${MAX_SEEDS} (got ${count})`);
  }
  return Array.from({ length: count }, (_, i) => (baseSeed + i) % (MAX_SEED + 1));
}

/** What is wrong with a seeds count typed into a form, or undefined when it is a whole number from 1 to MAX_SEEDS. */
export function seedsProblem(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_SEEDS
    ? undefined
    : `Seeds: must be a whole number from 1 to ${MAX_SEEDS} (got ${value === '' || value === undefined ? 'nothing' : String(value)})`;
}

/** Mean and sample standard deviation (divided by n − 1); sd is null for fewer than two values. */
export function meanAndSd(values: number[]): { n: number; mean: number; sd: number | null } {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { n, mean, sd: null };
  const squares = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt(squares / (n - 1)) };
}

/** One figure over a group's members: each member's value (null where that member lacks it), mean ± sample sd over those present. */
export interface GroupFigure {
  key: string;
  label: string;
  /** What is measured (`pretrained`, `PCA`) and the measure (`test SSE/image`), for sentences. */
  subject: string;
  measure: string;
  better: 'lower' | 'higher';
  values: (number | null)[];
  n: number;
  mean: number;
  sd: number | null;
}

export type SpreadVerdict = 'first better' | 'second better' | 'within the spread' | 'no spread';

/** Two figures of the same kind compared over the group: a win only where the difference of means exceeds both sds together. */
export interface GroupComparison {
  first: string;
  second: string;
  difference: number;
  spread: number | null;
  verdict: SpreadVerdict;
  sentence: string;
}

export interface GroupMember {
  seed: number;
  summary: ExperimentSummary;
}

interface FigureSpec {
  key: string;
  subject: string;
  measure: string;
  better: 'lower' | 'higher';
  read: (s: ExperimentSummary) => number | undefined;
}

const SSE = 'test SSE/image';
const ACCURACY = 'logistic accuracy';

function figureSpecs(members: GroupMember[]): FigureSpec[] {
  const specs: FigureSpec[] = [
    { key: 'raw.logregAccuracy', subject: 'raw pixels', measure: ACCURACY, better: 'higher', read: (s) => s.baselines.raw?.logregAccuracy },
    { key: 'pca.testSSE', subject: 'PCA', measure: SSE, better: 'lower', read: (s) => s.baselines.pca?.testSSE },
    { key: 'pca.logregAccuracy', subject: 'PCA', measure: ACCURACY, better: 'higher', read: (s) => s.baselines.pca?.logregAccuracy },
  ];
  for (const arm of ['pretrained', 'random'] as const) {
    specs.push(
      { key: `${arm}.testSSE`, subject: `autoencoder ${arm}`, measure: SSE, better: 'lower', read: (s) => s.arms[arm]?.testSSE },
      { key: `${arm}.logregAccuracy`, subject: `autoencoder ${arm}`, measure: ACCURACY, better: 'higher', read: (s) => s.arms[arm]?.logregAccuracy },
      // The budget each member's arm had: trained to a plateau, the epochs differ from seed to seed.
      { key: `${arm}.epochs`, subject: `autoencoder ${arm}`, measure: 'fine-tuning epochs', better: 'lower', read: (s) => (s.arms[arm] && s.config ? armEpochs(s.config, s.arms[arm]) : undefined) },
      { key: `${arm}.seconds`, subject: `autoencoder ${arm}`, measure: 'fine-tuning seconds', better: 'lower', read: (s) => s.arms[arm]?.seconds },
    );
  }
  const mapNames = [...new Set(members.flatMap((m) => Object.keys(m.summary.tsne ?? {})))];
  for (const name of mapNames) {
    specs.push(
      { key: `tsne.${name}.trustworthiness`, subject: `t-SNE ${name}`, measure: 'trustworthiness (pixels)', better: 'higher', read: (s) => s.tsne?.[name]?.trustworthiness },
      { key: `tsne.${name}.knnAccuracy`, subject: `t-SNE ${name}`, measure: '1-NN accuracy', better: 'higher', read: (s) => s.tsne?.[name]?.knnAccuracy },
    );
  }
  return specs;
}

/** Every figure the group's members report, as mean ± sample sd with each member's value; figures no member has are left out. */
export function groupFigures(members: GroupMember[]): GroupFigure[] {
  const figures: GroupFigure[] = [];
  for (const spec of figureSpecs(members)) {
    const values = members.map((m) => {
      const v = spec.read(m.summary);
      return v === undefined || !Number.isFinite(v) ? null : v;
    });
    const present = values.filter((v): v is number => v !== null);
    if (present.length === 0) continue;
    figures.push({ key: spec.key, label: `${spec.subject}, ${spec.measure}`, subject: spec.subject, measure: spec.measure, better: spec.better, values, ...meanAndSd(present) });
  }
  return figures;
}

const fmt = (v: number, digits: number) => v.toFixed(digits);

/**
 * Compares two figures: the first wins only if its mean is better by more than the sum of the two sample sds
 * (the mean ± sd bars do not overlap); otherwise the difference is "within the spread". With one seed there is no spread and no verdict.
 */
export function compareFigures(first: GroupFigure, second: GroupFigure, digits = 3): GroupComparison {
  const difference = first.mean - second.mean;
  const spread = first.sd === null || second.sd === null ? null : first.sd + second.sd;
  let verdict: SpreadVerdict;
  if (spread === null) verdict = 'no spread';
  else if (Math.abs(difference) <= spread) verdict = 'within the spread';
  else verdict = (difference < 0) === (first.better === 'lower') ? 'first better' : 'second better';
  const both = `${first.measure}: ${first.subject} ${meanSdText(first, digits)} vs ${second.subject} ${meanSdText(second, digits)}`;
  const gap = fmt(Math.abs(difference), digits);
  const sentence =
    verdict === 'no spread'
      ? `${both}: one seed, no spread — no claim either way.`
      : verdict === 'within the spread'
        ? `${both}: the difference ${gap} is within the spread (sd ${fmt(first.sd!, digits)} + ${fmt(second.sd!, digits)}); not a win.`
        : `${both}: ${verdict === 'first better' ? first.subject : second.subject} is better by ${gap}, more than the spread (sd ${fmt(first.sd!, digits)} + ${fmt(second.sd!, digits)}).`;
  return { first: first.key, second: second.key, difference, spread, verdict, sentence };
}

/** The comparisons a group report makes: pretrained against random, and each arm against PCA, on test error and logistic accuracy. */
export function groupComparisons(figures: GroupFigure[]): GroupComparison[] {
  const byKey = new Map(figures.map((f) => [f.key, f]));
  const pairs: [string, string][] = [];
  for (const measure of ['testSSE', 'logregAccuracy']) {
    pairs.push([`pretrained.${measure}`, `random.${measure}`], [`pretrained.${measure}`, `pca.${measure}`], [`random.${measure}`, `pca.${measure}`]);
  }
  pairs.push(['pretrained.logregAccuracy', 'raw.logregAccuracy']);
  return pairs.flatMap(([a, b]) => {
    const first = byKey.get(a);
    const second = byKey.get(b);
    return first && second ? [compareFigures(first, second, a.endsWith('testSSE') ? 2 : 4)] : [];
  });
}

/** A group's figures and comparisons, as written to group-summary.json. */
export interface GroupSummary {
  groupId: number | null;
  baseSeed: number;
  seeds: number[];
  experimentIds: (number | null)[];
  /** Standard deviations are sample sds (n − 1). */
  sd: 'sample (n − 1)';
  figures: GroupFigure[];
  comparisons: GroupComparison[];
}

export function summariseGroup(members: GroupMember[], groupId: number | null, experimentIds: (number | null)[]): GroupSummary {
  const figures = groupFigures(members);
  return {
    groupId,
    baseSeed: members[0]?.seed ?? 0,
    seeds: members.map((m) => m.seed),
    experimentIds,
    sd: 'sample (n − 1)',
    figures,
    comparisons: groupComparisons(figures),
  };
}

/** `mean ± sd (n)`, or `mean (n = 1)` where there is no spread. */
export function meanSdText(figure: Pick<GroupFigure, 'mean' | 'sd' | 'n'>, digits: number): string {
  return figure.sd === null ? `${fmt(figure.mean, digits)} (n = ${figure.n})` : `${fmt(figure.mean, digits)} ± ${fmt(figure.sd, digits)} (${figure.n})`;
}

export function figureDigits(key: string): number {
  if (key.endsWith('.epochs') || key.endsWith('.seconds')) return 1;
  return key.endsWith('testSSE') ? 2 : key.endsWith('trustworthiness') ? 3 : 4;
}
