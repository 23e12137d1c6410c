import { flag, parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../command.ts';

const PARTS = ['matmul', 'rbm', 'finetune', 'tsne', 'store', 'experiment'] as const;
type Part = (typeof PARTS)[number];

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'measure the engine on this machine and print one JSON object',
  usage: [
    'usage: workbench bench [--backend NAME] [--only matmul,rbm,finetune,tsne,store,experiment]',
    '',
    '  products               where the matrix products run (wasm: the native BLAS or XNNPACK, and why)',
    '  wasmSimdKernels        whether the workbench\'s SIMD kernels (updates, transposes, sampling) run in the wasm heap',
    '  wasmSimdKernelsReason  why: the start-up guard\'s verdict (tested tfjs-backend-wasm version, heap offsets, transpose and Adam canaries)',
    '  Every figure below is by product setting: xnnpack, blas1Thread, blasAllCores (wasm with the BLAS',
    '  loaded; the epochs run their segments of 10 batches on the settings in turn), else backend.',
    '  matmulGflops           the raw 100x784 @ 784x1000 rate (best of 5 rounds), and cblas_sgemm alone on a',
    '                         plain buffer (blasAlone1Thread, blasAloneAllCores): the fastest product here',
    '  rbmSamplesPerSec       one CD-1 epoch of a 784-1000 RBM on 30,000 MNIST images, batch 100',
    '  finetuneSamplesPerSec  one Adam epoch of the 784-1000-500-250-30 autoencoder on the same images',
    '  *Speedup               samples/s over xnnpack\'s in the same epoch',
    '  *Efficiency            achieved FLOP rate over the same product\'s rate measured on the same setting just',
    '                         before and after each segment (median segment)',
    '  *EfficiencyVsBest      achieved FLOP rate over the fastest matmulGflops of any setting',
    '  *PerCpuSec             samples per CPU-second of this process: steady when other work shares the cores',
    '  tsneSeconds            t-SNE of 2,000 points x 30 dims, 1,000 iterations',
    '  listThousandMs         listing 1,000 stored experiments (and filteredMs for four filtered queries)',
    '  experimentSeconds      5,000 images, 784-1000-500-250-30, 3 RBM + 5 fine-tuning epochs, both arms, no t-SNE:',
    '                         arms one after the other (OneThread) and the random arm on a second thread',
    '                         (TwoThreads), on XNNPACK and the BLAS (one BLAS thread per arm), the BLAS with every',
    '                         core for one arm, and two arms each on every core (Oversubscribed) (minutes)',
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
    const { productSettings, restoreDefaultSetting, applySetting } = await import('../../engine/bench/product-settings.ts');
    const result: Record<string, unknown> = { backend: backend.name, backendPackage: backend.package, native: backend.native, wasmSimdKernels: heapKernelsActive() };
    if (backend.adapter) result.adapter = backend.adapter;
    if (backend.products) result.products = backend.products;
    if (backend.heapKernels) result.wasmSimdKernelsReason = backend.heapKernels.reason;
    const machine = await import('node:os');
    result.machine = { cpus: machine.cpus().length, cpuModel: machine.cpus()[0]?.model ?? 'unknown', memoryGb: round(machine.totalmem() / 2 ** 30, 1), node: process.version };
    const settings = productSettings();
    const byName = <T>(entries: [string, T][]) => Object.fromEntries(entries) as Record<string, T>;
    let bestGflops = 0;
    if (parts.includes('matmul') || parts.includes('rbm') || parts.includes('finetune')) {
      const matmul: Record<string, number> = {};
      for (const setting of settings) {
        applySetting(setting);
        matmul[setting.name] = round((await bench.benchMatmul()).gflops, 2);
      }
      if (backend.products?.path === 'blas') {
        matmul.blasAlone1Thread = round(bench.benchBlasAlone(1) ?? 0, 2);
        matmul.blasAloneAllCores = round(bench.benchBlasAlone(machine.availableParallelism()) ?? 0, 2);
      }
      restoreDefaultSetting();
      result.matmulGflops = matmul;
      bestGflops = Math.max(...Object.values(matmul));
    }
    for (const part of ['rbm', 'finetune'] as const) {
      if (!parts.includes(part)) continue;
      const rates = part === 'rbm' ? await bench.benchRbmEpoch(settings) : await bench.benchFinetuneEpoch(settings);
      restoreDefaultSetting();
      const entries = Object.entries(rates);
      result[`${part}SamplesPerSec`] = byName(entries.map(([name, rate]) => [name, Math.round(rate.samplesPerSec)]));
      const baseline = rates.xnnpack?.samplesPerSec;
      if (baseline) result[`${part}Speedup`] = byName(entries.filter(([name]) => name !== 'xnnpack').map(([name, rate]) => [name, round(rate.samplesPerSec / baseline, 2)]));
      result[`${part}Efficiency`] = byName(entries.map(([name, rate]) => [name, round(rate.pairedEfficiency)]));
      result[`${part}EfficiencyVsBest`] = byName(entries.map(([name, rate]) => [name, round(rate.gflops / bestGflops)]));
      // Per CPU-second figures: comparable across runs on a machine other work is loading.
      result[`${part}SamplesPerCpuSec`] = byName(entries.map(([name, rate]) => [name, Math.round(rate.samplesPerCpuSec)]));
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
      const seconds = await benchExperiment(backend.products?.path === 'blas', backend.name as Parameters<typeof benchExperiment>[1]);
      result.experimentSeconds = byName(Object.entries(seconds).map(([label, s]) => [label, round(s, 1)]));
    }
    result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  },
};
