import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import type { BackendChoice } from '../shared/config.ts';
import type { BackendInfo } from '../shared/results.ts';

interface Candidate {
  choice: Exclude<BackendChoice, 'auto'>;
  tfName: string;
  packageName: string;
  native: boolean;
  gpu: boolean;
}

const CANDIDATES: Candidate[] = [
  { choice: 'tensorflow-gpu', tfName: 'tensorflow', packageName: '@tensorflow/tfjs-node-gpu', native: true, gpu: true },
  { choice: 'tensorflow', tfName: 'tensorflow', packageName: '@tensorflow/tfjs-node', native: true, gpu: false },
  { choice: 'wasm', tfName: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', native: false, gpu: false },
  { choice: 'cpu', tfName: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu', native: false, gpu: false },
];

let active: BackendInfo | undefined;

const requireFromHere = createRequire(import.meta.url);

function loadPackage(candidate: Candidate): void {
  if (candidate.choice === 'cpu') return; // bundled with @tensorflow/tfjs
  // The native packages register the `tensorflow` backend on import and throw if libtensorflow is missing.
  requireFromHere(candidate.packageName);
}

async function tryCandidate(candidate: Candidate): Promise<string | undefined> {
  try {
    loadPackage(candidate);
  } catch (error) {
    return `${candidate.packageName} is not installed or failed to load: ${(error as Error).message.split('\n')[0]}`;
  }
  try {
    const ok = await tf.setBackend(candidate.tfName);
    if (!ok) return `tf.setBackend('${candidate.tfName}') returned false`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return `tf.setBackend('${candidate.tfName}') failed: ${(error as Error).message}`;
  }
}

export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

/**
 * Picks the fastest backend that loads (GPU, native CPU, wasm, plain JS) or the one named by
 * `choice` or the WORKBENCH_BACKEND environment variable; a named backend that fails is an error.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  const requested = (process.env.WORKBENCH_BACKEND as BackendChoice | undefined) ?? choice;
  if (active && (requested === 'auto' || CANDIDATES.find((c) => c.choice === requested)?.packageName === active.package)) {
    return active;
  }
  const known = CANDIDATES.map((c) => c.choice);
  if (requested !== 'auto' && !known.includes(requested as Candidate['choice'])) {
    throw new BackendError(`backend must be one of auto, ${known.join(', ')} (got "${requested}")`);
  }
  const order = requested === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.choice === requested);
  const skipped: BackendInfo['skipped'] = [];
  for (const candidate of order) {
    const failure = await tryCandidate(candidate);
    if (failure === undefined) {
      active = {
        name: candidate.choice,
        package: candidate.packageName,
        native: candidate.native,
        gpu: candidate.gpu,
        skipped,
      };
      return active;
    }
    skipped.push({ name: candidate.choice, reason: failure });
  }
  throw new BackendError(
    `backend "${requested}" could not be loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

export function activeBackend(): BackendInfo | undefined {
  return active;
}

export function describeBackend(info: BackendInfo): string {
  const kind = info.gpu ? 'GPU' : info.native ? 'native CPU' : info.name === 'wasm' ? 'WebAssembly' : 'plain JavaScript';
  return `${info.name} (${kind}, ${info.package})`;
}
