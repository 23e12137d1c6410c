import type { ArmName } from '../../shared/config.ts';
import type { ArmResult, BaselineResult } from '../../shared/results.ts';
import type { Checkpoint } from '../run-types.ts';
import type { RbmState } from '../rbm/rbm.ts';

export interface ArmProgress {
  completedEpochs: number;
  done: boolean;
  seconds: number;
  optimizerSteps: number;
  /** Trained to a plateau: the lowest validation error so far and the epoch (1-based) that reached it. */
  plateau?: { bestSSE: number; bestEpoch: number };
  result?: ArmResult;
}

/** What the pipeline has finished, carried in every checkpoint's `meta`. */
export interface PipelineProgress {
  baselines: { pca?: BaselineResult; raw?: BaselineResult };
  /** RBM layers fully trained. */
  completedLayers: number;
  /** Epochs done in the layer now training (0 when it has not started). */
  layerEpochs: number;
  /** Training seconds of the layer now training, up to its last finished epoch (0 when it has not started). */
  layerSeconds: number;
  pretrainSeconds: number;
  arms: Partial<Record<ArmName, ArmProgress>>;
}

export function emptyProgress(): PipelineProgress {
  return { baselines: {}, completedLayers: 0, layerEpochs: 0, layerSeconds: 0, pretrainSeconds: 0, arms: {} };
}

const RBM_FIELDS = ['weights', 'visibleBias', 'hiddenBias', 'weightsIncrement', 'visibleBiasIncrement', 'hiddenBiasIncrement'] as const;

export function rbmBlobs(index: number, state: RbmState): Record<string, Float32Array> {
  return Object.fromEntries(RBM_FIELDS.map((f) => [`rbm.${index}.${f}`, state[f]]));
}

export function rbmFromBlobs(checkpoint: Checkpoint, index: number, shape: Pick<RbmState, 'visible' | 'hidden' | 'hiddenUnits'>): RbmState {
  const fields = Object.fromEntries(
    RBM_FIELDS.map((f) => {
      const blob = checkpoint.blobs[`rbm.${index}.${f}`];
      if (!blob) throw new Error(`checkpoint ${checkpoint.position} lacks rbm.${index}.${f}`);
      return [f, blob];
    }),
  ) as Pick<RbmState, (typeof RBM_FIELDS)[number]>;
  return { ...shape, ...fields };
}

export function armBlobs(arm: ArmName, params: Float32Array[], optimizer: Record<string, Float32Array>): Record<string, Float32Array> {
  const blobs: Record<string, Float32Array> = {};
  params.forEach((p, i) => (blobs[`arm.${arm}.param.${i}`] = p));
  for (const [key, value] of Object.entries(optimizer)) blobs[`arm.${arm}.opt.${key}`] = value;
  return blobs;
}

export function armParamsFromBlobs(checkpoint: Checkpoint, arm: ArmName, count: number): Float32Array[] | undefined {
  const params: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const blob = checkpoint.blobs[`arm.${arm}.param.${i}`];
    if (!blob) return undefined;
    params.push(blob);
  }
  return params;
}

export function armOptimizerFromBlobs(checkpoint: Checkpoint, arm: ArmName): Record<string, Float32Array> {
  const prefix = `arm.${arm}.opt.`;
  return Object.fromEntries(
    Object.entries(checkpoint.blobs)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

export function progressFromCheckpoint(checkpoint: Checkpoint | undefined): PipelineProgress {
  if (!checkpoint) return emptyProgress();
  if (checkpoint.version !== 1) throw new Error(`checkpoint version ${String(checkpoint.version)} is not supported (expected 1)`);
  return { ...emptyProgress(), ...(checkpoint.meta.progress as PipelineProgress) };
}
