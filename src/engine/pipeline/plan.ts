import type { ExperimentConfig } from '../../shared/config.ts';
import { cgEvaluationsPerBatch } from '../../shared/cg-cost.ts';
import { finetunePhase, pretrainPhase } from '../../shared/events.ts';
import type { PlannedPhase } from '../progress.ts';

/** The phases of an experiment with their sample counts and per-sample cost, for progress and ETA. */
export function planPhases(config: ExperimentConfig): PlannedPhase[] {
  const n = config.dataset.trainSize;
  const layers = config.layers;
  const plan: PlannedPhase[] = [];
  if (config.arms.includes('pretrained')) {
    for (let i = 1; i < layers.length; i++) {
      plan.push({ phase: pretrainPhase(i), samples: n * config.pretrain.epochs, costPerSample: layers[i - 1] * layers[i] * (3 + 2 * config.pretrain.cdK) });
    }
  }
  let weights = 0;
  for (let i = 1; i < layers.length; i++) weights += 2 * layers[i - 1] * layers[i];
  // Forward, backward and the update: three passes per loss-and-gradient evaluation.
  const passes = config.finetune.optimizer === 'cg' ? 3 * cgEvaluationsPerBatch(config.finetune.lineSearches) : 3;
  // Trained to a plateau: at most maxEpochs over the training images less the held-out ones.
  const plateau = config.finetune.untilPlateau;
  const finetuneSamples = plateau ? (n - plateau.validationSize) * plateau.maxEpochs : n * config.finetune.epochs;
  for (const arm of config.arms) {
    plan.push({ phase: finetunePhase(arm), samples: finetuneSamples, costPerSample: weights * passes });
  }
  return plan;
}
