import type { ExperimentConfig } from '../../shared/config.ts';
import { firstNonFinite } from '../divergence.ts';
import type { Checkpoint } from '../run-types.ts';

/** A checkpoint that cannot be resumed as it is: its weights are not finite or do not fit the config. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const RBM_BLOB = /^rbm\.(\d+)\.(weights|visibleBias|hiddenBias|weightsIncrement|visibleBiasIncrement|hiddenBiasIncrement)$/;
const ARM_PARAM_BLOB = /^arm\.[a-z]+\.param\.(\d+)$/;
const ARM_OPTIMIZER_BLOB = /^arm\.[a-z]+\.opt\..*\.(\d+)$/;

/** The float count of each autoencoder parameter in `toArrays` order: encoder w, b, …, then decoder w, b, … */
export function autoencoderParameterSizes(layers: number[]): number[] {
  const sizes: number[] = [];
  for (let i = 0; i + 1 < layers.length; i++) sizes.push(layers[i] * layers[i + 1], layers[i + 1]);
  for (let i = layers.length - 1; i > 0; i--) sizes.push(layers[i] * layers[i - 1], layers[i - 1]);
  return sizes;
}

function rbmBlobSize(layers: number[], layer: number, field: string): number | undefined {
  if (layer < 1 || layer >= layers.length) return -1;
  const [visible, hidden] = [layers[layer - 1], layers[layer]];
  if (field.startsWith('weights')) return visible * hidden;
  return field.startsWith('visible') ? visible : hidden;
}

/** The float count the config implies for a blob; -1 where the config has no such blob, undefined where it does not fix the size. */
function expectedSize(name: string, layers: number[]): number | undefined {
  const rbm = RBM_BLOB.exec(name);
  if (rbm) return rbmBlobSize(layers, Number(rbm[1]), rbm[2]);
  const param = ARM_PARAM_BLOB.exec(name) ?? ARM_OPTIMIZER_BLOB.exec(name);
  if (param) return autoencoderParameterSizes(layers)[Number(param[1])] ?? -1;
  return undefined;
}

/**
 * Refuses a checkpoint that would resume to different numbers: every weight, bias and optimizer
 * moment must be finite and have the size the config's layers give it.
 */
export function checkResumable(checkpoint: Checkpoint, config: ExperimentConfig): void {
  const where = `checkpoint "${checkpoint.position}"`;
  for (const [name, values] of Object.entries(checkpoint.blobs)) {
    const expected = expectedSize(name, config.layers);
    const layers = `layers [${config.layers.join(', ')}]`;
    if (expected !== undefined && expected < 0) throw new CheckpointError(`${where} holds ${name}, which ${layers} have no place for; it is not from this config`);
    if (expected !== undefined && values.length !== expected) {
      throw new CheckpointError(`${where}: ${name} has ${values.length} values but ${layers} need ${expected}; it is not from this config`);
    }
    const at = firstNonFinite(values);
    if (at >= 0) {
      throw new CheckpointError(`${where}: ${name}[${at}] is ${String(values[at])}, not a finite number; resuming would train from broken weights`);
    }
  }
}
