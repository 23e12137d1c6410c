import { availableParallelism } from 'node:os';
import { clonePreset } from '../../shared/presets.ts';
import type { ExperimentConfig } from '../../shared/config.ts';
import { setNativeProducts } from '../native-blas/products.ts';
import { runExperiment } from '../pipeline.ts';
import { restoreDefaultSetting } from './product-settings.ts';

/** The fixed mid-size experiment of the performance issue: both arms, evaluation without t-SNE. */
export function midSizeExperiment(): ExperimentConfig {
  const config = clonePreset('quick');
  config.dataset.trainSize = 5000;
  config.pretrain.epochs = 3;
  config.finetune.epochs = 5;
  config.evaluation.tsne.points = 0;
  return config;
}

/** One timed run of the mid-size experiment: how its products ran and its wall seconds. */
interface ExperimentTiming {
  label: string;
  native: boolean;
  parallel: boolean;
  /** WORKBENCH_BLAS_THREADS for the run (BLAS threads per arm); unset: each arm's share of the cores. */
  blasThreads?: number;
}

/**
 * Wall seconds of the mid-size experiment, arms one after the other (`oneThread`) and the random
 * arm on a second thread (`twoThreads`), on XNNPACK and, when the addon loaded, on the native BLAS
 * with one BLAS thread per arm; plus the BLAS with every core for the one arm (`oneArmAllCores`)
 * and two arms each on every core (`twoThreadsOversubscribed`), which the thread policy avoids.
 */
export async function benchExperiment(blasLoaded: boolean, backend: ExperimentConfig['backend']): Promise<Record<string, number>> {
  // The bench's backend for the second thread too (auto would probe every backend again there).
  const config = { ...midSizeExperiment(), backend };
  const cores = availableParallelism();
  const timings: ExperimentTiming[] = [
    { label: 'xnnpackOneThread', native: false, parallel: false },
    { label: 'xnnpackTwoThreads', native: false, parallel: true },
  ];
  if (blasLoaded) {
    timings.push(
      { label: 'blasOneThread', native: true, parallel: false, blasThreads: 1 },
      { label: 'blasTwoThreads', native: true, parallel: true },
      { label: 'blasOneArmAllCores', native: true, parallel: false, blasThreads: cores },
      { label: 'blasTwoThreadsOversubscribed', native: true, parallel: true, blasThreads: cores },
    );
  }
  const seconds: Record<string, number> = {};
  const saved = { native: process.env.WORKBENCH_NATIVE_BLAS, threads: process.env.WORKBENCH_BLAS_THREADS };
  try {
    for (const timing of timings) {
      // The arm worker reads these when it starts: the same products and threads as this thread.
      setEnv('WORKBENCH_NATIVE_BLAS', timing.native ? saved.native : '0');
      setEnv('WORKBENCH_BLAS_THREADS', timing.blasThreads === undefined ? undefined : String(timing.blasThreads));
      setNativeProducts(timing.native);
      const started = performance.now();
      await runExperiment(config, { onEvent: () => {}, parallel: timing.parallel });
      seconds[timing.label] = (performance.now() - started) / 1000;
    }
  } finally {
    setEnv('WORKBENCH_NATIVE_BLAS', saved.native);
    setEnv('WORKBENCH_BLAS_THREADS', saved.threads);
    restoreDefaultSetting();
  }
  return seconds;
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
