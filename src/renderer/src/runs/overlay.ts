import type { ExperimentDetail } from '../../../shared/api.ts';
import type { Curve } from '../charts/curves.ts';
import { DIGIT_COLORS } from '../palette.ts';
import { runLabel } from './run-rows.ts';

/** Every fine-tuned arm of each run at once: `finetune:*`. */
export const EVERY_ARM = 'finetune:*';

/** A metric to overlay: its name and the phase it was recorded in (or EVERY_ARM). */
export interface MetricChoice {
  phase: string;
  metric: string;
}

/** A metric's wording on an axis, per kind of phase (the app's units: squared error per image, nats, seconds). */
function axisWording(phase: string, metric: string): string {
  const pretrain = phase.startsWith('pretrain:');
  switch (metric) {
    case 'testSSE':
      return 'test squared error per image';
    case 'trainSSE':
      return pretrain ? 'squared error per input vector' : 'train squared error per image';
    case 'validationSSE':
      return 'validation squared error per image';
    case 'stackSSE':
      return 'squared error per image';
    case 'freeEnergyGap':
      return 'free-energy gap (nats)';
    case 'seconds':
      return 'seconds per epoch';
    case 'elapsedSeconds':
      return 'training time so far (s)';
    case 'kl':
      return 'KL divergence (nats)';
    case 'trainLoss':
      return 'training loss';
    default:
      return metric;
  }
}

/** `RBM 1`, `fine-tuning, pretrained arm`, `fine-tuning, every arm`, `tsne:pca`. */
export function phaseLabel(phase: string): string {
  if (phase === EVERY_ARM) return 'fine-tuning, every arm';
  const [kind, rest] = [phase.slice(0, phase.indexOf(':')), phase.slice(phase.indexOf(':') + 1)];
  if (kind === 'pretrain') return `RBM ${rest}`;
  if (kind === 'finetune') return `fine-tuning, ${rest} arm`;
  return phase;
}

/** The choice in the picker, short: `testSSE — fine-tuning, every arm`. */
export function choiceLabel(choice: MetricChoice): string {
  return `${choice.metric} — ${phaseLabel(choice.phase)}`;
}

/** The choice in full, for the picker's tooltip: `test squared error per image — fine-tuning, every arm`. */
export function choiceTitle(choice: MetricChoice): string {
  return `${axisWording(choice.phase, choice.metric)} — ${phaseLabel(choice.phase)}`;
}

/** The y-axis name; a training loss says which loss, or that each run has its own. */
export function axisName(choice: MetricChoice, details: readonly ExperimentDetail[]): string {
  const wording = axisWording(choice.phase, choice.metric);
  if (choice.metric !== 'trainLoss') return wording;
  const losses = new Set(details.map((d) => (d.config.finetune.loss === 'mse' ? 'mean squared error' : 'cross-entropy')));
  return losses.size === 1 ? `${wording} (${[...losses][0]})` : `${wording} (each run's own loss)`;
}

function phaseOrder(phase: string): number {
  if (phase === EVERY_ARM) return 0;
  if (phase.startsWith('finetune:')) return 1;
  if (phase.startsWith('pretrain:')) return 2;
  return 3;
}

/** Every (phase, metric) any of the runs recorded, plus each fine-tuning metric over every arm; fine-tuning first. */
export function metricChoices(details: readonly ExperimentDetail[]): MetricChoice[] {
  const seen = new Map<string, MetricChoice>();
  const add = (phase: string, metric: string) => seen.set(`${phase}\u0000${metric}`, { phase, metric });
  for (const detail of details) {
    for (const m of detail.metrics) {
      if (m.phase.startsWith('finetune:')) add(EVERY_ARM, m.name);
      add(m.phase, m.name);
    }
  }
  const text = new Intl.Collator(undefined, { numeric: true });
  return [...seen.values()].sort(
    (a, b) =>
      phaseOrder(a.phase) - phaseOrder(b.phase) ||
      text.compare(a.phase, b.phase) ||
      Number(b.metric === 'testSSE') - Number(a.metric === 'testSSE') ||
      text.compare(a.metric, b.metric),
  );
}

/** The choice the view opens on: every arm's test error when the runs have one, else the first there is. */
export function defaultChoice(choices: readonly MetricChoice[]): MetricChoice | undefined {
  return choices.find((c) => c.phase === EVERY_ARM && c.metric === 'testSSE') ?? choices[0];
}

/** One colour per run, in the order the runs were opened. */
export function runColor(index: number): string {
  return DIGIT_COLORS[index % DIGIT_COLORS.length];
}

/**
 * One curve per run (per run and arm for EVERY_ARM) of the chosen metric, sorted by epoch, named by the run
 * (`#3 name · pretrained`), coloured by run, the random arm dashed. Runs without the metric have no curve.
 */
export function overlayCurves(details: readonly ExperimentDetail[], choice: MetricChoice): Curve[] {
  const curves: Curve[] = [];
  details.forEach((detail, index) => {
    const byPhase = new Map<string, Map<number, number>>();
    for (const m of detail.metrics) {
      if (m.name !== choice.metric || !Number.isFinite(m.value)) continue;
      if (choice.phase === EVERY_ARM ? !m.phase.startsWith('finetune:') : m.phase !== choice.phase) continue;
      let epochs = byPhase.get(m.phase);
      if (!epochs) byPhase.set(m.phase, (epochs = new Map()));
      epochs.set(m.epoch, m.value);
    }
    for (const [phase, epochs] of [...byPhase].sort(([a], [b]) => a.localeCompare(b))) {
      const arm = phase.startsWith('finetune:') ? phase.slice('finetune:'.length) : '';
      const name = choice.phase === EVERY_ARM ? `${runLabel(detail)} · ${arm}` : runLabel(detail);
      curves.push({ name, color: runColor(index), dashed: arm === 'random', points: [...epochs].sort((a, b) => a[0] - b[0]) });
    }
  });
  return curves;
}
