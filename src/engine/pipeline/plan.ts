import type { ExperimentConfig } from '../../shared/config.ts';
import { cgEvaluationsPerBatch } from '../../shared/cg-cost.ts';
import { evaluationPhase, finetunePhase, logregPhase, PCA_FIT_PHASE, pretrainPhase } from '../../shared/events.ts';
import type { PlannedPhase } from '../progress.ts';
import { DETECTOR_NAMES } from '../debias/detectors.ts';
import { needsPca } from './baselines.ts';
import { EVALUATION_COST_PER_PRODUCT, logregIterationCost, PCA_FIT_STEPS, pcaFitCost } from './stage-costs.ts';

/**
 * Cost of the stages after training in the units of training (multiply-adds), from timings on the
 * wasm backend: one t-SNE iteration over N points is about 125 N^2 (1,000 points, 100 iterations: 1.0 s
 * where fine-tuning does about 1.2e10 a second); a UMAP map about 6e7 a point. Rough by design: they
 * keep the fraction and the ETA moving through every stage rather than claim 100 % while maps are made.
 */
const TSNE_COST_PER_POINT_PAIR = 125;
/** What every t-SNE iteration costs whatever the points (on a worker: messages, buffers): a 200-point map of 200 iterations took 1.5 s, 3.6 times 125 N^2. */
const TSNE_COST_PER_ITERATION = 1e7;
const UMAP_COST_PER_POINT = 6e7;
/** One debias step (a detector, or the classifier trained plain and reweighted) per training image: 600 images, 4 steps, about 2 s. */
const DEBIAS_COST_PER_IMAGE_STEP = 1e7;

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
  return [...plan, ...evaluationPhases(config, weights), ...mapPhases(config), ...debiasPhases(config)];
}

/**
 * The evaluation after training (phases counted from their own events): each arm's pass over
 * every training and test image, then logistic regression on its codes; the PCA fit and the
 * baselines' logistic regressions (at their iteration cap: a fit that converges sooner ends early).
 */
function evaluationPhases(config: ExperimentConfig, forwardCost: number): PlannedPhase[] {
  const { trainSize, testSize } = config.dataset;
  const iterations = config.evaluation.logreg.iterations;
  const inputSize = config.layers[0];
  const codeSize = config.layers[config.layers.length - 1];
  const logreg = (features: string, dim: number): PlannedPhase => ({ phase: logregPhase(features), samples: iterations, costPerSample: logregIterationCost(trainSize, dim), byEvents: true });
  const phases: PlannedPhase[] = [];
  if (needsPca(config)) phases.push({ phase: PCA_FIT_PHASE, samples: PCA_FIT_STEPS, costPerSample: pcaFitCost(trainSize, inputSize) / PCA_FIT_STEPS, byEvents: true });
  if (config.baselines.includes('pca')) phases.push(logreg('pca', codeSize));
  if (config.baselines.includes('raw')) phases.push(logreg('raw', inputSize));
  for (const arm of config.arms) {
    phases.push({ phase: evaluationPhase(arm), samples: trainSize + testSize, costPerSample: forwardCost * EVALUATION_COST_PER_PRODUCT, byEvents: true }, logreg(arm, codeSize));
  }
  return phases;
}

/** ColoredMNIST runs end with the debias stage: every detector, then the classifier (phases `debias:<method>`). */
function debiasPhases(config: ExperimentConfig): PlannedPhase[] {
  if (config.dataset.name !== 'colored-mnist') return [];
  const steps = DETECTOR_NAMES.length + 1;
  return [{ phase: 'debias:', samples: steps, costPerSample: config.dataset.trainSize * DEBIAS_COST_PER_IMAGE_STEP, byEvents: true, prefix: true }];
}

/** The t-SNE and UMAP maps the embeddings stage makes, as `tsne:<representation>` / `umap:<representation>`. */
function mapPhases(config: ExperimentConfig): PlannedPhase[] {
  const { points: requested, iterations } = config.evaluation.tsne;
  const points = Math.min(requested, config.dataset.testSize);
  if (points === 0) return [];
  // 2-d codes (and PCA to as many components) are maps already.
  const codes2d = config.layers[config.layers.length - 1] === 2;
  const representations = ['raw', ...(needsPca(config) && !codes2d ? ['pca'] : []), ...(codes2d ? [] : config.arms)];
  return representations.flatMap((name) => [
    { phase: `tsne:${name}`, samples: points * iterations, costPerSample: points * TSNE_COST_PER_POINT_PAIR + TSNE_COST_PER_ITERATION / points, byEvents: true },
    ...(config.evaluation.umap ? [{ phase: `umap:${name}`, samples: points, costPerSample: UMAP_COST_PER_POINT, byEvents: true }] : []),
  ]);
}
