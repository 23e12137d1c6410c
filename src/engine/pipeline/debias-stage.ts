import type { DebiasSummary } from '../../shared/debias-results.ts';
import { encodeAll } from '../autoencoder/evaluate.ts';
import type { Autoencoder } from '../autoencoder/network.ts';
import { rowMatrix } from '../row-matrix.ts';
import { flaggedSampleGrid } from '../debias/flagged-grid.ts';
import { runDebias } from '../debias/run-debias.ts';
import type { ColoredMnist, Encoder } from '../debias/types.ts';
import type { StageContext } from './stage-context.ts';

function roundTo(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

/** The phase under which the top-flagged samples of one digit are published as an image grid. */
export function flaggedPhase(digit: number): string {
  return `debias:flagged:${digit}`;
}

function encoderOf(net: Autoencoder): Encoder {
  return (images, count) => {
    return encodeAll(net, rowMatrix(images, count, images.length / count));
  };
}

/**
 * ColoredMNIST: ranks each digit's training samples by how likely their colour disagrees with
 * the digit's majority, using only images, digit labels and the trained encoder; scores the
 * ranking against the sealed colour labels; publishes the best method's top samples per digit.
 */
export async function debiasStage(ctx: StageContext, colored: ColoredMnist, net: Autoencoder | undefined): Promise<DebiasSummary> {
  const summary = await runDebias({
    train: colored.train,
    test: colored.test,
    config: { ...ctx.config.debias, contamination: ctx.config.debias.contamination ?? roundTo(1 - ctx.config.debias.skew, 6), seed: ctx.config.seed },
    encode: net ? encoderOf(net) : undefined,
    onEvent: (event) => {
      if (event.type !== 'progress') ctx.emit(event);
    },
    signal: ctx.signal,
  });
  const best = summary.methods[summary.best];
  for (const detection of best?.perClass ?? []) {
    ctx.emit({ type: 'artifact', kind: 'reconstructions', phase: flaggedPhase(detection.digit), grid: flaggedSampleGrid(colored.train.images, detection) });
  }
  return summary;
}
