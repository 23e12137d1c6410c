import * as tf from '@tensorflow/tfjs';
import { pretrainPhase } from '../../shared/events.ts';
import { mapInChunks } from '../batches.ts';
import { checkWeights, guardEpochMetrics } from '../divergence.ts';
import { randomFor } from '../epoch-random.ts';
import { Rbm } from '../rbm/rbm.ts';
import { gatherRows, rowsTensor, type RowMatrix } from '../row-matrix.ts';
import { stackUp } from '../rbm/stack.ts';
import { trainRbmLayer } from '../rbm/train-layer.ts';
import { saveCheckpoint, type StageContext } from './stage-context.ts';
import { rbmBlobs, rbmFromBlobs } from './state.ts';

const CHUNK = 2000;

function firstRows(data: RowMatrix, count: number): tf.Tensor2D {
  return rowsTensor(data, 0, Math.min(count, data.rows));
}

/**
 * A seeded sample of rows from the whole set. The held-out monitor must not be the first test
 * images: MNIST's test file lists its cleaner writers first, which would read as overfitting.
 */
function sampledRows(data: RowMatrix, count: number, seed: number): tf.Tensor2D {
  const order = randomFor(seed, 'held-out-monitor').permutation(data.rows);
  return gatherRows(data, order, 0, Math.min(count, data.rows));
}

/**
 * Greedy layer-wise pretraining: each RBM trains on the hidden probabilities of the one below;
 * the top RBM has linear Gaussian hidden units and its own learning rate.
 */
export async function pretrainStack(ctx: StageContext): Promise<Rbm[]> {
  const { config, progress } = ctx;
  const settings = config.pretrain;
  const layers = config.layers;
  const rbms: Rbm[] = [];
  const monitorPixels = firstRows(ctx.trainRows, settings.monitorSize);
  const monitorHeldOutPixels = sampledRows(ctx.testRows, settings.monitorSize, config.seed);
  const started = performance.now() - progress.pretrainSeconds * 1000;
  // The training set passed up through the first `layers` RBMs: each layer's input continues from
  // the one below instead of starting again from the pixels.
  let passedUp = { rows: ctx.trainRows, layers: 0 };
  try {
    for (let layer = 1; layer < layers.length; layer++) {
      const top = layer === layers.length - 1;
      const shape = { visible: layers[layer - 1], hidden: layers[layer], hiddenUnits: top ? ('gaussian' as const) : ('binary' as const) };
      const phase = pretrainPhase(layer);
      if (layer <= progress.completedLayers) {
        const state = rbmFromBlobs(ctx.resume!, layer, shape);
        // Later checkpoints of this resumed run carry the layer on, so they too can be resumed.
        Object.assign(ctx.retainedBlobs, rbmBlobs(layer, state));
        rbms.push(Rbm.fromState(state));
        continue;
      }
      const resuming = progress.layerEpochs > 0 && ctx.resume !== undefined;
      const rbm = resuming
        ? Rbm.fromState(rbmFromBlobs(ctx.resume!, layer, shape))
        : Rbm.create(shape.visible, shape.hidden, shape.hiddenUnits, settings.initStd, randomFor(config.seed, `${phase}:init`));
      const startEpoch = resuming ? progress.layerEpochs : 0;
      ctx.tracker.skip(phase, startEpoch * ctx.trainRows.rows);
      ctx.emit({ type: 'phase-start', phase, epochs: settings.epochs, samplesPerEpoch: ctx.trainRows.rows });
      ctx.tracker.startPhase(phase);
      const phaseStarted = performance.now();
      const rest = rbms.slice(passedUp.layers);
      const input = rest.length === 0 ? passedUp.rows : await mapInChunks(passedUp.rows, CHUNK, (rows) => stackUp(rest, rows));
      passedUp = { rows: input, layers: rbms.length };
      const monitorTrain = stackUp(rbms, monitorPixels);
      const monitorHeldOut = stackUp(rbms, monitorHeldOutPixels);
      try {
        await trainRbmLayer({
          phase,
          rbm,
          input,
          monitorTrain,
          monitorHeldOut,
          monitorPixels,
          below: rbms,
          learningRate: top ? settings.topLearningRate : settings.learningRate,
          settings,
          seed: config.seed,
          startEpoch,
          elapsedSeconds: resuming ? progress.layerSeconds : 0,
          emit: guardEpochMetrics(config, phase, ctx.emit),
          tracker: ctx.tracker,
          signal: ctx.signal,
          onEpochEnd: async (epoch, metrics) => {
            const finished = epoch + 1 === settings.epochs;
            progress.layerEpochs = finished ? 0 : epoch + 1;
            progress.layerSeconds = finished ? 0 : (metrics.elapsedSeconds ?? 0);
            progress.pretrainSeconds = (performance.now() - started) / 1000;
            const blobs = rbmBlobs(layer, await rbm.toState());
            checkWeights(config, phase, epoch + 1, blobs);
            if (finished) {
              progress.completedLayers = layer;
              Object.assign(ctx.retainedBlobs, blobs);
            }
            await saveCheckpoint(ctx, `${phase} epoch ${epoch + 1}`, 'pretrain', finished ? {} : blobs);
          },
        });
      } finally {
        if (monitorTrain !== monitorPixels) monitorTrain.dispose();
        if (monitorHeldOut !== monitorHeldOutPixels) monitorHeldOut.dispose();
      }
      ctx.emit({ type: 'phase-end', phase, seconds: (performance.now() - phaseStarted) / 1000 });
      rbms.push(rbm);
    }
    return rbms;
  } catch (error) {
    rbms.forEach((r) => r.dispose());
    throw error;
  } finally {
    monitorPixels.dispose();
    monitorHeldOutPixels.dispose();
  }
}
