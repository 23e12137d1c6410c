import { PCA_FIT_PHASE, phaseUnit } from '../../../shared/events.ts';
import type { LiveRun, PhaseInfo } from './live-run.ts';

const REPRESENTATIONS: Record<string, string> = { raw: 'raw pixels', pca: 'PCA codes', pretrained: 'pretrained codes', random: 'random-start codes' };

/** What a phase is doing, in words: `pretrain:2` -> `RBM pretraining, layer 2`. */
export function phaseLabel(phase: string): string {
  const [kind, rest = ''] = phase.split(/:(.*)/s);
  switch (kind) {
    case 'pretrain':
      return `RBM pretraining, layer ${rest}`;
    case 'finetune':
      return `fine-tuning the ${rest} arm`;
    case 'tsne':
      return `t-SNE map of the ${REPRESENTATIONS[rest] ?? rest}`;
    case 'umap':
      return `UMAP map of the ${REPRESENTATIONS[rest] ?? rest}`;
    case 'debias':
      return rest === 'classifier' ? 'debias: digit classifier, plain and reweighted' : `debias: detector ${rest}`;
    case 'evaluate':
      return `evaluating the ${rest} arm: error and codes of every image`;
    case 'logreg':
      if (rest === 'pca') return 'PCA baseline: logistic regression on the PCA codes';
      if (rest === 'raw') return 'raw-pixel baseline: logistic regression on the pixels';
      return `evaluating the ${rest} arm: logistic regression on its codes`;
    default:
      if (phase === PCA_FIT_PHASE) return 'PCA baseline: fitting the components';
      return phase;
  }
}

/** The unit a phase counts in, as the counter's heading: `Iteration` (t-SNE, L-BFGS), `Image`, `Step` or `Epoch`. */
export function counterName(phase: string): string {
  const unit = phaseUnit(phase).replace(/s$/, '');
  return unit.charAt(0).toUpperCase() + unit.slice(1);
}

/** Training images a second, while pretraining or fine-tuning reported last (the other stages count iterations or steps). */
export function samplesPerSecText(run: LiveRun): string {
  const counted = run.currentPhase?.startsWith('pretrain:') === true || run.currentPhase?.startsWith('finetune:') === true;
  return counted && run.samplesPerSec > 0 ? Math.round(run.samplesPerSec).toLocaleString() : '–';
}

/** The percent shown: the fraction to a tenth of a percent, and below 100 until the run is done. */
export function shownPercent(run: LiveRun | undefined): number {
  if (!run) return 0;
  const percent = Math.round(run.fraction * 1000) / 10;
  return run.status === 'done' ? percent : Math.min(percent, 99.9);
}

export interface StageView {
  /** Every stage running now, in words. */
  label: string;
  /** The phase whose counter is shown, when one is running. */
  phase?: PhaseInfo;
}

/**
 * The stage a running experiment is in: the phases started and not ended (several run side by side);
 * between them only short steps run (reconstructions of the panel digits, codes for the maps).
 * The counter shows the phase that reported progress last, if it is still running.
 */
export function currentStage(run: LiveRun): StageView {
  const running = run.phases.filter((p) => p.running);
  if (running.length > 0) {
    const shown = running.find((p) => p.phase === run.currentPhase) ?? running[running.length - 1];
    return { label: running.map((p) => phaseLabel(p.phase)).join(' · '), phase: shown };
  }
  if (run.status === 'queued') return { label: 'waiting for its turn' };
  if (run.phases.length === 0) return { label: 'loading the data' };
  const ended = (prefix: string) => run.phases.some((p) => p.phase.startsWith(prefix) && p.seconds !== undefined);
  if (ended('tsne:') || ended('umap:') || ended('debias:')) return { label: 'saving the results' };
  if (ended('evaluate:') || ended('logreg:')) return { label: 'reconstructions of the test digits, codes for the maps' };
  if (ended('finetune:')) return { label: 'evaluating the arms' };
  return { label: 'between stages' };
}
