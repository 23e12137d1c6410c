import type { ArmName } from '../../shared/config.ts';
import { evaluationPhase, finetunePhase, logregPhase } from '../../shared/events.ts';
import type { ArmResult } from '../../shared/results.ts';
import { createBatchUpdater } from '../autoencoder/batch-update.ts';
import { codesAndErrorPerImage, encodeAll, reconstructAll } from '../autoencoder/evaluate.ts';
import { fineTune, type FinetuneEpochMetrics } from '../autoencoder/finetune.ts';
import { Autoencoder } from '../autoencoder/network.ts';
import { checkWeights, guardEpochMetrics } from '../divergence.ts';
import { randomFor } from '../epoch-random.ts';
import type { Rbm } from '../rbm/rbm.ts';
import { rowMatrix, type RowMatrix } from '../row-matrix.ts';
import { logisticFit } from './logistic.ts';
import { buildGrid, gatherImages } from './reconstruction-grid.ts';
import { saveCheckpoint, type StageContext } from './stage-context.ts';
import { asStage } from './stage-events.ts';
import { armBlobs, armOptimizerFromBlobs, armParamsFromBlobs } from './state.ts';

function initialNetwork(ctx: StageContext, arm: ArmName, rbms: Rbm[]): Autoencoder {
  const { config } = ctx;
  const completed = ctx.progress.arms[arm]?.completedEpochs ?? 0;
  const init = arm === 'pretrained' ? 'rbm' : `${config.finetune.randomInit}`;
  if (completed > 0 && ctx.resume) {
    const params = armParamsFromBlobs(ctx.resume, arm, 2 * 2 * (config.layers.length - 1));
    if (params) return Autoencoder.fromArrays(config.layers, params, init);
  }
  if (arm === 'pretrained') return Autoencoder.unroll(rbms);
  return Autoencoder.random(config.layers, config.finetune.randomInit, config.pretrain.initStd, randomFor(config.seed, 'random-init'));
}

/** Reconstructions of the fixed panel digits by one network. */
export function panelReconstructions(ctx: StageContext, net: Autoencoder): Promise<Float32Array> {
  return reconstructAll(net, rowMatrix(gatherImages(ctx.data.test, ctx.panelDigits), ctx.panelDigits.length, ctx.data.test.dim));
}

/** Images per progress step of an arm's evaluation pass. */
const EVALUATION_CHUNK = 2000;

/** Rows `start`..`end` of `rows`, a view. */
function rowSlice(rows: RowMatrix, start: number, end: number): RowMatrix {
  return rowMatrix(rows.values.subarray(start * rows.cols, end * rows.cols), end - start, rows.cols);
}

/**
 * Codes of every row of `rows` and, with `withError`, the squared error per image, chunk by chunk;
 * `step` hears the images done so far (`offset` plus those of this set).
 */
async function codesOf(net: Autoencoder, rows: RowMatrix, withError: boolean, offset: number, step: (done: number) => Promise<void>): Promise<{ codes: Float32Array; errorPerImage: number }> {
  const codeSize = net.sizes[net.sizes.length - 1];
  const codes = new Float32Array(rows.rows * codeSize);
  let total = 0;
  for (let start = 0; start < rows.rows; start += EVALUATION_CHUNK) {
    const end = Math.min(rows.rows, start + EVALUATION_CHUNK);
    const chunk = rowSlice(rows, start, end);
    if (withError) {
      const part = await codesAndErrorPerImage(net, chunk);
      codes.set(part.codes, start * codeSize);
      total += part.errorPerImage * (end - start);
    } else {
      codes.set(await encodeAll(net, chunk), start * codeSize);
    }
    await step(offset + end);
  }
  return { codes, errorPerImage: rows.rows > 0 ? total / rows.rows : 0 };
}

/**
 * The arm's test and training error and the accuracy of logistic regression on its codes, as two
 * stages (`evaluate:<arm>`, `logreg:<arm>`). The codes and errors come from one pass per set;
 * `lastTestSSE` (the last epoch's, with the same weights) spares the test set's decoder pass.
 */
async function evaluateArm(ctx: StageContext, arm: ArmName, net: Autoencoder, seconds: number, lastTestSSE: number | undefined): Promise<{ result: ArmResult; testCodes: Float32Array }> {
  const { data, config } = ctx;
  const codeSize = config.layers[config.layers.length - 1];
  const images = ctx.trainRows.rows + ctx.testRows.rows;
  const { train, test } = await asStage(ctx.emit, evaluationPhase(arm), images, ctx.signal, async (step) => {
    const trainPass = await codesOf(net, ctx.trainRows, true, 0, step);
    const testPass = await codesOf(net, ctx.testRows, lastTestSSE === undefined, ctx.trainRows.rows, step);
    return { train: trainPass, test: { codes: testPass.codes, errorPerImage: lastTestSSE ?? testPass.errorPerImage } };
  });
  const logreg = await asStage(ctx.emit, logregPhase(arm), config.evaluation.logreg.iterations, ctx.signal, (step) =>
    logisticFit(
      { features: train.codes, count: data.train.count, dim: codeSize, labels: data.train.labels },
      { features: test.codes, count: data.test.count, dim: codeSize, labels: data.test.labels },
      config.evaluation.logreg,
      step,
    ),
  );
  return { result: { arm, testSSE: test.errorPerImage, trainSSE: train.errorPerImage, logregAccuracy: logreg.accuracy, logreg: logreg.fit, seconds, init: net.init }, testCodes: test.codes };
}

/**
 * The training set split for training to a plateau: the last `validationSize` training images are
 * held out to watch the error on (views, no copies); the test set is never looked at for stopping.
 */
function splitForPlateau(rows: RowMatrix, validationSize: number): { train: RowMatrix; validation: RowMatrix } {
  const kept = rows.rows - validationSize;
  return {
    train: rowMatrix(rows.values.subarray(0, kept * rows.cols), kept, rows.cols),
    validation: rowMatrix(rows.values.subarray(kept * rows.cols, rows.rows * rows.cols), validationSize, rows.cols),
  };
}

/** A fine-tuned arm, with its test-set codes when this run computed them. */
export interface TrainedArm {
  net: Autoencoder;
  testCodes?: Float32Array;
}

/** Fine-tunes one arm (or restores it when a checkpoint says it is done) and evaluates it. */
export async function runArm(ctx: StageContext, arm: ArmName, rbms: Rbm[]): Promise<TrainedArm> {
  const { config, progress } = ctx;
  const phase = finetunePhase(arm);
  const state = (progress.arms[arm] ??= { completedEpochs: 0, done: false, seconds: 0, optimizerSteps: 0 });
  if (state.done && ctx.resume) {
    const params = armParamsFromBlobs(ctx.resume, arm, 2 * 2 * (config.layers.length - 1));
    if (!params) throw new Error(`checkpoint ${ctx.resume.position} says arm ${arm} is done but lacks its weights`);
    Object.assign(ctx.retainedBlobs, armBlobs(arm, params, {}));
    return { net: Autoencoder.fromArrays(config.layers, params, state.result?.init ?? arm) };
  }
  const net = initialNetwork(ctx, arm, rbms);
  const saved = state.completedEpochs > 0 && ctx.resume ? { state: armOptimizerFromBlobs(ctx.resume, arm), steps: state.optimizerSteps } : undefined;
  const updater = createBatchUpdater(net, config.finetune, saved);
  const plateau = config.finetune.untilPlateau;
  const split = plateau ? splitForPlateau(ctx.trainRows, plateau.validationSize) : undefined;
  const trainRows = split?.train ?? ctx.trainRows;
  const epochs = plateau?.maxEpochs ?? config.finetune.epochs;
  const samples = trainRows.rows;
  ctx.tracker.skip(phase, state.completedEpochs * samples);
  ctx.emit({ type: 'phase-start', phase, epochs, samplesPerEpoch: samples });
  ctx.tracker.startPhase(phase);
  const started = performance.now() - state.seconds * 1000;
  let last: FinetuneEpochMetrics | undefined;
  try {
    last = await fineTune({
      phase,
      net,
      updater,
      train: trainRows,
      test: ctx.testRows,
      settings: { ...config.finetune, epochs },
      validation: split?.validation,
      shouldStop: () => plateau !== undefined && state.plateau !== undefined && state.completedEpochs - state.plateau.bestEpoch >= plateau.patience,
      seed: config.seed,
      startEpoch: state.completedEpochs,
      elapsedSeconds: state.seconds,
      emit: guardEpochMetrics(config, phase, ctx.emit),
      tracker: ctx.tracker,
      signal: ctx.signal,
      onEpochEnd: async (epoch, metrics) => {
        state.completedEpochs = epoch + 1;
        const validationSSE = metrics.validationSSE;
        if (plateau && validationSSE !== undefined && (!state.plateau || validationSSE < state.plateau.bestSSE - plateau.minDelta)) {
          state.plateau = { bestSSE: validationSSE, bestEpoch: epoch + 1 };
        }
        state.seconds = (performance.now() - started) / 1000;
        const optimizer = await updater.state();
        state.optimizerSteps = optimizer.steps;
        const blobs = armBlobs(arm, await net.toArrays(), optimizer.state);
        checkWeights(config, phase, epoch + 1, blobs);
        if (config.evaluation.reconstructions) {
          const grid = buildGrid(ctx.data.test, ctx.panelDigits, [{ label: arm, images: await panelReconstructions(ctx, net) }]);
          ctx.emit({ type: 'artifact', kind: 'reconstructions', phase, grid });
        }
        await saveCheckpoint(ctx, `${phase} epoch ${epoch + 1}`, phase, blobs);
      },
    });
  } catch (error) {
    updater.dispose();
    net.dispose();
    throw error;
  }
  updater.dispose();
  state.seconds = (performance.now() - started) / 1000;
  ctx.emit({ type: 'phase-end', phase, seconds: state.seconds });
  const evaluated = await evaluateArm(ctx, arm, net, state.seconds, last?.testSSE);
  const testCodes = evaluated.testCodes;
  const result: ArmResult = { ...evaluated.result, epochs: state.completedEpochs };
  if (plateau && state.plateau) {
    result.plateau = { bestEpoch: state.plateau.bestEpoch, validationSSE: state.plateau.bestSSE, validationImages: plateau.validationSize, stoppedEarly: state.completedEpochs < plateau.maxEpochs };
  }
  state.done = true;
  state.result = result;
  ctx.emit({ type: 'arm-result', result });
  Object.assign(ctx.retainedBlobs, armBlobs(arm, await net.toArrays(), {}));
  await saveCheckpoint(ctx, `${phase} done`, phase, {});
  return { net, testCodes };
}
