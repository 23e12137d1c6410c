import { availableParallelism } from 'node:os';
import { ARM_NAMES, type ArmName, type ExperimentConfig } from '../../shared/config.ts';
import type { ArmResult, EmbeddingMap, ExperimentSummary, MapQuality } from '../../shared/results.ts';
import { parseConfig } from '../../shared/validate.ts';
import { encodeAll } from '../autoencoder/evaluate.ts';
import type { Autoencoder } from '../autoencoder/network.ts';
import { initBackend } from '../backend.ts';
import { throwIfCancelled } from '../cancellation.ts';
import { shareCoresAmongArms } from '../native-blas/threads.ts';
import { describeBlasShare } from '../../shared/describe-products.ts';
import { pcaEncode, pcaReconstruct, type PcaModel } from '../eval/pca.ts';
import { ProgressTracker } from '../progress.ts';
import { checkRunSize, machineLimits } from '../run-size.ts';
import type { Rbm } from '../rbm/rbm.ts';
import { rowMatrix } from '../row-matrix.ts';
import { RunCancelledError, type RunOptions } from '../run-types.ts';
import { needsPca, runBaselines } from './baselines.ts';
import { loadExperimentData } from './data.ts';
import { debiasStage } from './debias-stage.ts';
import { embeddingMaps, type Representation } from './embeddings-stage.ts';
import { panelReconstructions, runArm } from './finetune-stage.ts';
import { runArmInWorker, type ArmWorkerOutcome } from './parallel-arm.ts';
import { planPhases } from './plan.ts';
import { pretrainStack } from './pretrain-stage.ts';
import { checkResumable } from './checkpoint-check.ts';
import { buildGrid, gatherImages, reconstructionDigits } from './reconstruction-grid.ts';
import type { StageContext } from './stage-context.ts';
import { progressFromCheckpoint, type PipelineProgress } from './state.ts';
import { evaluationPhase, finetunePhase, logregPhase, pretrainPhase } from '../../shared/events.ts';

/**
 * Runs one experiment end to end: baselines, greedy RBM pretraining, fine-tuning of every arm
 * from the same data order, evaluation, reconstructions and t-SNE maps. Emits typed events,
 * checkpoints every epoch, and resumes from a checkpoint of the same config.
 */
export async function runExperiment(input: ExperimentConfig, options: RunOptions): Promise<ExperimentSummary> {
  const config = parseConfig(input);
  const started = performance.now();
  const emit = options.onEvent;
  const backend = await initBackend(config.backend);
  emit({ type: 'backend', backend });
  checkRunSize(config, machineLimits(backend.name));
  const data = options.data ?? (await loadExperimentData(config));
  emit({ type: 'log', level: 'info', message: `loaded ${data.name}: ${data.train.count} training and ${data.test.count} test images from ${data.source}` });
  throwIfCancelled(options.signal);

  if (options.resume) checkResumable(options.resume, config);
  const progress = progressFromCheckpoint(options.resume);
  if (options.resume) emit({ type: 'log', level: 'info', message: `resuming from checkpoint "${options.resume.position}"` });
  const plan = planPhases(config);
  const tracker = new ProgressTracker(plan, emit);
  // What a checkpoint already holds is not run again: counted as done.
  for (const phase of plan) if (doneBeforeResume(phase.phase, progress)) tracker.skip(phase.phase, phase.samples);
  const ctx: StageContext = {
    config,
    data,
    trainRows: rowMatrix(data.train.images, data.train.count, data.train.dim),
    testRows: rowMatrix(data.test.images, data.test.count, data.test.dim),
    // The stages after training (maps) are counted from their own events.
    emit: tracker.observing(emit),
    tracker,
    signal: options.signal,
    progress,
    resume: options.resume,
    retainedBlobs: {},
    inflightBlobs: {},
    checkpoints: options.checkpoints,
    panelDigits: reconstructionDigits(data.test),
  };
  const rbms: Rbm[] = [];
  const nets = new Map<ArmName, Autoencoder>();
  const stop = new AbortController();
  const forwardAbort = () => stop.abort();
  options.signal?.addEventListener('abort', forwardAbort);
  if (options.signal?.aborted) stop.abort();
  ctx.signal = stop.signal;
  let armInWorker: Promise<ArmWorkerOutcome> | undefined;
  // Keeps the fraction and the ETA moving through a stage's long silent steps (on another thread).
  const heartbeat = setInterval(() => tracker.heartbeat(), HEARTBEAT_MS);
  try {
    // With two threads the random arm (when both arms run) and the baselines go to the second one,
    // pretraining and the pretrained arm stay here: the two halves take about as long.
    const threads = options.parallel ?? availableParallelism() > 1;
    const secondArm = config.arms.includes('pretrained') && config.arms.includes('random') ? ('random' as const) : undefined;
    const parallel = threads && (secondArm !== undefined || hasBaselineWork(config));
    // One BLAS thread count for the whole process, each training thread's share of the cores, kept to
    // the end: a library's products may sum differently on 1 and 2 threads (OpenBLAS's own threading
    // did), so handing the main arm the second core when the other thread finishes could make a seeded
    // run depend on which thread finished first.
    const blasThreads = shareCoresAmongArms(parallel ? 2 : 1);
    if (blasThreads !== undefined && backend.products) emit({ type: 'log', level: 'info', message: describeBlasShare(backend.products, blasThreads, parallel ? 2 : 1) });
    let pcaModel: PcaModel | undefined;
    if (parallel) {
      armInWorker = runArmInWorker(ctx, secondArm, true);
      armInWorker.catch(() => stop.abort());
    } else {
      pcaModel = await runBaselines(config, data, progress, ctx.emit, ctx.signal);
      throwIfCancelled(options.signal);
    }
    if (config.arms.includes('pretrained')) rbms.push(...(await pretrainStack(ctx)));
    const trained = new Map<ArmName, Autoencoder>();
    const testCodes = new Map<ArmName, Float32Array>();
    for (const arm of config.arms) {
      if (parallel && arm === secondArm) continue;
      const outcome = await runArm(ctx, arm, rbms);
      trained.set(arm, outcome.net);
      if (outcome.testCodes) testCodes.set(arm, outcome.testCodes);
    }
    if (armInWorker) {
      const outcome = await armInWorker;
      if (secondArm && outcome.net) trained.set(secondArm, outcome.net);
      if (secondArm && outcome.testCodes) testCodes.set(secondArm, outcome.testCodes);
      pcaModel = outcome.pcaModel;
    }
    for (const arm of config.arms) nets.set(arm, trained.get(arm)!);

    const rows: { label: string; images: Float32Array }[] = [];
    for (const [arm, net] of nets) rows.push({ label: arm, images: await panelReconstructions(ctx, net) });
    if (pcaModel) rows.push({ label: 'pca', images: await pcaReconstruct(pcaModel, await pcaEncodePanel(ctx, pcaModel), ctx.panelDigits.length) });
    if (config.evaluation.reconstructions && rows.length > 0) {
      emit({ type: 'artifact', kind: 'reconstructions', phase: 'final', grid: buildGrid(data.test, ctx.panelDigits, rows) });
    }

    // Codes of the test set for the maps: the arms' from their evaluation where this run made them.
    const representations: Representation[] = [{ name: 'raw', values: data.test.images, dim: data.test.dim }];
    if (config.evaluation.tsne.points > 0) {
      if (pcaModel) representations.push({ name: 'pca', values: await pcaEncode(pcaModel, data.test.images, data.test.count), dim: pcaModel.k });
      for (const [arm, net] of nets) representations.push({ name: arm, values: testCodes.get(arm) ?? (await encodeAll(net, ctx.testRows)), dim: config.layers[config.layers.length - 1] });
    }
    const maps = await embeddingMaps(ctx, representations);
    const debias = data.colored ? await debiasStage(ctx, data.colored, nets.get('pretrained') ?? nets.get('random')) : undefined;

    const arms: Partial<Record<ArmName, ArmResult>> = {};
    for (const arm of config.arms) {
      const result = progress.arms[arm]?.result;
      if (result) arms[arm] = result;
    }
    const summary: ExperimentSummary = {
      backend,
      config,
      seed: config.seed,
      arms,
      baselines: progress.baselines,
      seconds: (performance.now() - started) / 1000,
      ...(debias ? { debias: debias as unknown as Record<string, unknown> } : {}),
      ...qualityByMethod(maps),
    };
    emit({ type: 'done', summary });
    return summary;
  } catch (error) {
    stop.abort();
    const workerOutcome = await armInWorker?.then((outcome) => outcome.net?.dispose()).catch((workerError: unknown) => workerError);
    throw error instanceof RunCancelledError && workerOutcome instanceof Error && !(workerOutcome instanceof RunCancelledError) ? workerOutcome : error;
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', forwardAbort);
    rbms.forEach((r) => r.dispose());
    nets.forEach((n) => n.dispose());
  }
}

const HEARTBEAT_MS = 500;

/** Whether `progress` (from a checkpoint) holds all of `phase`: a pretrained layer, a finished arm's training and evaluation, a baseline's fit. */
function doneBeforeResume(phase: string, progress: PipelineProgress): boolean {
  const layers = Array.from({ length: progress.completedLayers }, (_, i) => pretrainPhase(i + 1));
  if (layers.includes(phase)) return true;
  const arm = ARM_NAMES.find((name) => phase === finetunePhase(name) || phase === evaluationPhase(name) || phase === logregPhase(name));
  if (arm) return progress.arms[arm]?.done === true;
  return (phase === logregPhase('pca') && progress.baselines.pca !== undefined) || (phase === logregPhase('raw') && progress.baselines.raw !== undefined);
}

function hasBaselineWork(config: ExperimentConfig): boolean {
  return needsPca(config) || config.baselines.includes('raw');
}

function qualityOf(map: EmbeddingMap): MapQuality {
  return {
    trustworthiness: map.trustworthiness ?? Number.NaN,
    ...(map.trustworthinessOwnSpace !== undefined ? { trustworthinessOwnSpace: map.trustworthinessOwnSpace } : {}),
    knnAccuracy: map.knnAccuracy ?? Number.NaN,
    ...(map.kl !== undefined && Number.isFinite(map.kl) ? { kl: map.kl } : {}),
  };
}

/** `tsne` (t-SNE maps and 2-d codes) and `umap` quality tables for the summary, when there are maps. */
function qualityByMethod(maps: EmbeddingMap[]): Pick<ExperimentSummary, 'tsne' | 'umap'> {
  const table = (list: EmbeddingMap[]) => (list.length > 0 ? Object.fromEntries(list.map((m) => [m.representation, qualityOf(m)])) : undefined);
  const tsne = table(maps.filter((m) => m.method !== 'umap'));
  const umap = table(maps.filter((m) => m.method === 'umap'));
  return { ...(tsne ? { tsne } : {}), ...(umap ? { umap } : {}) };
}

function pcaEncodePanel(ctx: StageContext, model: PcaModel): Promise<Float32Array> {
  return pcaEncode(model, gatherImages(ctx.data.test, ctx.panelDigits), ctx.panelDigits.length);
}
