import { flag, parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../command.ts';

const PARTS = ['matmul', 'rbm', 'finetune', 'dataparallel', 'tsne', 'store', 'experiment'] as const;
type Part = (typeof PARTS)[number];

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'measure the engine on this machine and print one JSON object',
  usage: [
    'usage: workbench bench [--backend NAME] [--only matmul,rbm,finetune,dataparallel,tsne,store,experiment]',
    '',
    '  wasmSimdKernels        whether the workbench\'s SIMD kernels (updates, transposes, sampling) run in the wasm heap',
    '  matmulGflops           the backend\'s raw 100x784 @ 784x1000 rate',
    '  rbmSamplesPerSec       one CD-1 epoch of a 784-1000 RBM on 10,000 MNIST images, batch 100',
    '  finetuneSamplesPerSec  one Adam epoch of the 784-1000-500-250-30 autoencoder on the same images',
    '  *Efficiency            achieved FLOP rate over the same product\'s rate measured in alternation with the',
    '                         epoch (bursts between segments of 10 batches; median segment)',
    '  *EfficiencyVsBest      achieved FLOP rate over matmulGflops (best of 5 rounds before the epoch)',
    '  *PerCpuSec, *Cpu*      the same per CPU-second of this process: steady when other work shares the cores',
    '  dataParallelSamplesPerSec  the same epoch on the main thread (oneThread), on one worker, and on two',
    '                         workers sharing each batch (gradients averaged in shared memory; twoWorkersSharded:',
    '                         each worker updates half the tensors); medians of 3 alternating rounds, with',
    '                         dataParallelSpeedup, dataParallelStepMs (per-step parts) and dataParallelLoad',
    '  tsneSeconds            t-SNE of 2,000 points x 30 dims, 1,000 iterations',
    '  listThousandMs         listing 1,000 stored experiments (and filteredMs for four filtered queries)',
    '  experimentSeconds      5,000 images, 784-1000-500-250-30, 3 RBM + 5 fine-tuning epochs, both arms, no t-SNE:',
    '                         on one thread and with the random arm on a second (minutes)',
  ].join('\n'),
  async run(args) {
    const parsed = parseArgs(args, ['backend', 'only']);
    const only = flag(parsed, 'only');
    const parts = (only ? only.split(',') : [...PARTS]) as Part[];
    for (const part of parts) {
      if (!PARTS.includes(part)) throw new UsageError(`--only takes a comma-separated list of ${PARTS.join(', ')} (got "${part}")`);
    }
    const { initBackend } = await import('../../engine/backend.ts');
    const bench = await import('../../engine/bench/training-bench.ts');
    const backend = await initBackend((flag(parsed, 'backend') ?? 'auto') as Parameters<typeof initBackend>[0]);
    const { heapKernelsActive } = await import('../../engine/wasm-kernels/register.ts');
    const result: Record<string, unknown> = { backend: backend.name, backendPackage: backend.package, native: backend.native, wasmSimdKernels: heapKernelsActive() };
    const machine = await import('node:os');
    result.machine = { cpus: machine.cpus().length, cpuModel: machine.cpus()[0]?.model ?? 'unknown', memoryGb: round(machine.totalmem() / 2 ** 30, 1), node: process.version };
    let matmul = { gflops: 0, cpuGflops: 0 };
    if (parts.includes('matmul') || parts.includes('rbm') || parts.includes('finetune')) {
      matmul = bench.benchMatmul();
      result.matmulGflops = round(matmul.gflops, 2);
      result.matmulCpuGflops = round(matmul.cpuGflops, 2);
    }
    for (const part of ['rbm', 'finetune'] as const) {
      if (!parts.includes(part)) continue;
      const rate = part === 'rbm' ? await bench.benchRbmEpoch() : await bench.benchFinetuneEpoch();
      result[`${part}SamplesPerSec`] = Math.round(rate.samplesPerSec);
      result[`${part}Efficiency`] = round(rate.pairedEfficiency);
      result[`${part}EfficiencyVsBest`] = round(rate.gflops / matmul.gflops);
      // Per CPU-second figures: comparable across runs on a machine other work is loading.
      result[`${part}SamplesPerCpuSec`] = Math.round(rate.samplesPerCpuSec);
      result[`${part}CpuEfficiency`] = round(rate.cpuGflops / matmul.cpuGflops);
    }
    if (parts.includes('dataparallel')) {
      const { benchDataParallel } = await import('../../engine/bench/data-parallel-bench.ts');
      const dataParallel = await benchDataParallel();
      const rates = dataParallel.samplesPerSec;
      result.dataParallelSamplesPerSec = { oneThread: Math.round(rates.oneThread), oneWorker: Math.round(rates.oneWorker), twoWorkers: Math.round(rates.twoWorkers), twoWorkersSharded: Math.round(rates.twoWorkersSharded) };
      result.dataParallelSpeedup = { replicated: round(dataParallel.speedup.replicated, 2), sharded: round(dataParallel.speedup.sharded, 2) };
      result.dataParallelStepMs = Object.fromEntries(Object.entries(dataParallel.stepMs).map(([k, t]) => [k, Object.fromEntries(Object.entries(t).map(([part, ms]) => [part, round(ms, 1)]))]));
      result.dataParallelLoad = dataParallel.loadAverage.map((l) => round(l, 2));
    }
    if (parts.includes('tsne')) {
      const { benchTsne } = await import('../../engine/embedding/bench.ts');
      const tsne = await benchTsne();
      result.tsneSeconds = round(tsne.tsneSeconds, 2);
      result.tsneSource = tsne.source;
    }
    if (parts.includes('store')) {
      const { benchListExperiments } = await import('../../main/store/bench.ts');
      const store = benchListExperiments();
      result.listThousandMs = round(store.listThousandMs, 1);
      result.filteredMs = round(store.filteredMs, 1);
    }
    if (parts.includes('experiment')) {
      const { benchExperiment } = await import('../../engine/bench/experiment-bench.ts');
      const experiment = await benchExperiment();
      result.experimentSeconds = { oneWorker: round(experiment.oneWorker, 1), perCore: round(experiment.perCore, 1) };
      result.experimentSpeedup = round(experiment.speedup, 2);
    }
    result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  },
};
