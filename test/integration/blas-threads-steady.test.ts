import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { blasThreads, nativeProductsActive } from '../../src/engine/native-blas/products.ts';
import { blasThreadsPerArm } from '../../src/engine/native-blas/threads.ts';
import { runExperiment } from '../../src/engine/pipeline.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { clonePreset } from '../../src/shared/presets.ts';

let native = false;

beforeAll(async () => {
  await initBackend('wasm');
  native = nativeProductsActive();
});

// With one core both shares are one thread, and without the addon there is no BLAS count: nothing to see.
describe.skipIf(availableParallelism() < 2)('the BLAS thread count of a two-arm run', () => {
  it('stays each training thread\'s share from the first epoch to the end, after the second thread has finished', async (context) => {
    if (!native) context.skip();
    const config = clonePreset('smoke');
    config.seed = 5;
    config.dataset.trainSize = 300;
    config.dataset.testSize = 60;
    config.layers = [784, 32, 16, 4];
    config.pretrain.epochs = 2;
    config.finetune.epochs = 2;
    config.evaluation.tsne.points = 0;
    config.evaluation.logreg.iterations = 10;
    config.backend = 'wasm';
    const share = blasThreadsPerArm(2);
    const seen: { event: string; threads: number | undefined }[] = [];
    let randomDone = false;
    await runExperiment(config, {
      parallel: true,
      onEvent: (event: PipelineEvent) => {
        if (event.type === 'arm-result' && event.result.arm === 'random') randomDone = true;
        if (event.type === 'epoch') seen.push({ event: `${event.phase} ${event.epoch}`, threads: blasThreads() });
      },
    });
    expect(randomDone).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    for (const sample of seen) expect(sample, 'BLAS threads at an epoch').toEqual({ event: sample.event, threads: share });
    // The second thread finished before this point: its core is not handed to the main thread.
    expect(blasThreads()).toBe(share);
  }, 120_000);
});
