import type { ArmName, ExperimentConfig, FinetuneConfig } from './config.ts';
import type { ArmResult, ExperimentSummary } from './results.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** The fine-tuning optimizer and its settings, e.g. `Adam (learning rate 0.001)`. */
export function optimizerBudget(finetune: FinetuneConfig): string {
  switch (finetune.optimizer) {
    case 'adam':
      return `Adam (learning rate ${finetune.learningRate})`;
    case 'sgd':
      return `SGD (learning rate ${finetune.learningRate}, momentum ${finetune.momentum})`;
    case 'cg':
      return `conjugate gradients (${finetune.lineSearches} line searches a batch)`;
  }
}

/** Epochs an arm was given or took: its own count where it recorded one (trained to a plateau), else the configured epochs. */
export function armEpochs(config: ExperimentConfig, arm: ArmResult | undefined): number {
  return arm?.epochs ?? config.finetune.epochs;
}

/** What one arm was given: optimizer, epochs, images, batch size and wall time, e.g. `Adam (learning rate 0.001), 20 epochs over 10,000 images in batches of 100, 95.3 s`. */
export function armBudget(config: ExperimentConfig, arm: ArmResult | undefined): string {
  const { finetune, dataset } = config;
  const epochs = armEpochs(config, arm);
  const time = arm ? `, ${arm.seconds.toFixed(1)} s` : '';
  const images = dataset.trainSize - (finetune.untilPlateau?.validationSize ?? 0);
  const best = arm?.plateau ? ` (lowest validation error at epoch ${arm.plateau.bestEpoch}${arm.plateau.stoppedEarly ? '' : ', no plateau before the cap'})` : '';
  return `${optimizerBudget(finetune)}, ${count(epochs)} epoch${epochs === 1 ? '' : 's'}${best} over ${count(images)} images in batches of ${count(finetune.batchSize)}${time}`;
}

/** The RBM pretraining the pretrained arm had before fine-tuning. */
export function pretrainingBudget(config: ExperimentConfig): string {
  const p = config.pretrain;
  return `${count(p.epochs)} RBM epoch${p.epochs === 1 ? '' : 's'} a layer (CD-${p.cdK}, batches of ${count(p.batchSize)})`;
}

/** Which question the run answered: the same fixed budget for every arm, or each arm trained until its held-out error stopped improving. */
export function comparisonQuestion(config: ExperimentConfig): string {
  const plateau = config.finetune.untilPlateau;
  if (!plateau) return `Fixed budget: every arm fine-tuned for the same ${count(config.finetune.epochs)} epochs.`;
  return (
    `Trained to a plateau: each arm until its error on ${count(plateau.validationSize)} images held out of the training set (not the test set) ` +
    `had not improved by ${plateau.minDelta} for ${plateau.patience} epoch${plateau.patience === 1 ? '' : 's'}, at most ${count(plateau.maxEpochs)} epochs; it keeps its last weights.`
  );
}

/**
 * The budget sentence every comparison between arms carries: which question the run answered,
 * what each arm was given, and that the comparison holds for that budget only.
 */
export function comparisonBudget(summary: Pick<ExperimentSummary, 'config' | 'arms'>): string {
  const { config, arms } = summary;
  const names = (['pretrained', 'random'] as const).filter((name: ArmName) => arms[name]);
  if (names.length === 0) return '';
  const each = names.map((name) => `${name}: ${armBudget(config, arms[name])}`).join('; ');
  const pretraining = arms.pretrained ? `; the pretrained arm first had ${pretrainingBudget(config)}` : '';
  return `${comparisonQuestion(config)} Budget — ${each}${pretraining}. The comparison holds for this budget; another budget can change it.`;
}
