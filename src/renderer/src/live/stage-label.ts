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
    default:
      return phase;
  }
}

/** The unit a phase counts in: t-SNE counts iterations, the rest epochs. */
export function counterName(phase: string): string {
  return phase.startsWith('tsne:') ? 'Iteration' : 'Epoch';
}

export interface StageView {
  /** Every stage running now, in words. */
  label: string;
  /** The phase whose counter is shown, when one is running. */
  phase?: PhaseInfo;
}

/**
 * The stage a running experiment is in: the phases started and not ended (several run side by side);
 * between them, after fine-tuning, the arms are evaluated (logistic regression, reconstructions).
 * The counter shows the phase that reported progress last, if it is still running.
 */
export function currentStage(run: LiveRun): StageView {
  const running = run.phases.filter((p) => p.running);
  if (running.length > 0) {
    const shown = running.find((p) => p.phase === run.currentPhase) ?? running[running.length - 1];
    return { label: running.map((p) => phaseLabel(p.phase)).join(' · '), phase: shown };
  }
  if (run.status === 'queued') return { label: 'waiting for its turn' };
  if (run.phases.length === 0) return { label: 'loading data, fitting the baselines' };
  const ended = (prefix: string) => run.phases.some((p) => p.phase.startsWith(prefix) && p.seconds !== undefined);
  if (ended('tsne:') || ended('umap:') || ended('debias:')) return { label: 'saving the results' };
  if (ended('finetune:')) return { label: 'evaluating: baselines (PCA, raw pixels), logistic regression on the codes, reconstructions' };
  return { label: 'between stages' };
}
