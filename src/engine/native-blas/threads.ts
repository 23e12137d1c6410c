import { availableParallelism } from 'node:os';
import { setBlasThreads } from './products.ts';

/** The most threads the addon gives one training thread (native/blas refuses more). */
const MAX_THREADS = 1024;

/**
 * BLAS threads for each of `trainingThreads` threads that run products at once: an equal share of
 * the cores, at least one (2 cores, two arms: one each). WORKBENCH_BLAS_THREADS, an integer from 1
 * to 1024, overrides it.
 */
export function blasThreadsPerArm(trainingThreads: number, cores: number = availableParallelism(), env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.WORKBENCH_BLAS_THREADS;
  if (forced !== undefined) {
    const threads = Number(forced);
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw new Error(`WORKBENCH_BLAS_THREADS must be an integer from 1 to ${MAX_THREADS} (got "${forced}")`);
    }
    return threads;
  }
  return Math.min(MAX_THREADS, Math.max(1, Math.floor(cores / Math.max(1, trainingThreads))));
}

/**
 * Gives each training thread its share of the cores for its products and parameter updates. The
 * addon keeps one count for the whole process (every thread that calls it gets its own helper
 * threads of that count), so this is set once per experiment, before its arms start; returns the
 * count in force, undefined without the native products.
 */
export function shareCoresAmongArms(trainingThreads: number): number | undefined {
  return setBlasThreads(blasThreadsPerArm(trainingThreads));
}
