import {
  parseRequestInput,
  type ParsedInput,
  type RequestName,
  type RequestOutput,
  type ResponseEnvelope,
  type ServiceHandlers,
} from '../../shared/api.ts';
import { ApiError, notFound, toErrorPayload } from '../../shared/errors.ts';
import { PRESET_DESCRIPTIONS, PRESET_NAMES, clonePreset } from '../../shared/presets.ts';
import { parseConfig, validateConfig } from '../../shared/validate.ts';
import { JobRunner } from '../runner/job-runner.ts';
import { groupSeeds } from '../../shared/seed-groups.ts';
import { storedGroup } from './seed-group.ts';
import type { RunThreadChooser } from '../runner/worker-protocol.ts';
import { isBusy } from '../store/db-errors.ts';
import type { Store } from '../store/store.ts';
import { probeAdapter } from '../../engine/webgpu/adapter-probe.ts';
import { autoBackend, backendOptions } from './backend-options.ts';
import { compareArms } from './compare-arms.ts';
import { EventBus, type AnyEventListener } from './event-bus.ts';
import { exportExperiment, exportExperimentPdf, type PrintPdf } from './export-experiment.ts';
import { TestImageCache, type ExperimentDataLoader } from './test-images.ts';

export interface ServiceOptions {
  store: Store;
  /** A module exporting `runExperiment` instead of the engine's (tests). */
  pipelineModule?: string;
  cancelGraceMs?: number;
  pollMs?: number;
  /** Prints report HTML to PDF (the desktop app's hidden window); without it `pdf` exports are refused. */
  printPdf?: PrintPdf;
  /** Loads an experiment's data for test-image previews (tests); the engine's loader by default. */
  loadData?: ExperimentDataLoader;
  /** On close, how long to keep retrying writes held back by another process's lock (default 60 s). */
  lockWaitMs?: number;
  /** Sends a run to another thread than a worker (the desktop app's engine window on a hardware GPU). */
  chooseThread?: RunThreadChooser;
}

const RESUMABLE = ['interrupted', 'cancelled', 'failed'];

/**
 * The application service behind both transports (Electron IPC and the loopback host) and the
 * CLI: validates every request against the contract, answers it from the store, and runs
 * experiments through the job runner. Its events go to every subscriber.
 */
export class WorkbenchService {
  readonly store: Store;
  readonly runner: JobRunner;
  private readonly bus = new EventBus();
  readonly handlers: ServiceHandlers;
  private readonly testImages: TestImageCache;
  private readonly printPdf: PrintPdf | undefined;
  private readonly lockWaitMs: number;
  private readonly stopLockEvents: () => void;

  constructor(options: ServiceOptions) {
    this.store = options.store;
    this.testImages = new TestImageCache(options.loadData);
    this.printPdf = options.printPdf;
    this.lockWaitMs = options.lockWaitMs ?? 60_000;
    this.stopLockEvents = this.store.writes.onChange((state) => this.bus.emit('history-lock', state));
    if (!this.store.readonly) this.store.writes.submit('marking runs of stopped processes interrupted', () => this.store.recoverInterrupted());
    this.runner = new JobRunner({
      store: this.store,
      emit: this.bus.emit,
      pipelineModule: options.pipelineModule,
      cancelGraceMs: options.cancelGraceMs,
      pollMs: options.pollMs,
      chooseThread: options.chooseThread,
    });
    this.handlers = this.createHandlers();
  }

  subscribe(listener: AnyEventListener): () => void {
    return this.bus.subscribe(listener);
  }

  /** Validates and answers one request; throws ApiError (`invalid-input`, `not-found`, ...). */
  async request<N extends RequestName>(name: N, input: unknown): Promise<RequestOutput<N>>;
  async request(name: string, input: unknown): Promise<unknown>;
  async request(name: string, input: unknown): Promise<unknown> {
    const parsed = parseRequestInput(name, input);
    const handler = this.handlers[name as RequestName] as (input: unknown) => unknown;
    try {
      return await handler(parsed);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // A request's own write (rename, delete, ...) is not queued: the user can simply try again.
      if (isBusy(error)) throw new ApiError('conflict', `${(error as Error).message}; try again once the other process lets go`);
      const payload = toErrorPayload(error);
      const converted = new ApiError(payload.code, payload.message, payload.fields);
      converted.cause = error;
      throw converted;
    }
  }

  /** Like `request`, but never throws: the envelope both transports send. */
  async respond(name: string, input: unknown): Promise<ResponseEnvelope> {
    try {
      return { ok: true, output: await this.request(name, input) };
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code === 'internal') console.error(`workbench: ${name} failed: ${((error as Error).cause as Error | undefined)?.stack ?? payload.message}`);
      return { ok: false, error: payload };
    }
  }

  /** Stops the runner, then waits (up to `lockWaitMs`) for writes held back by a lock; logs any that could not be stored. */
  async close(): Promise<void> {
    await this.runner.close();
    const unstored = await this.store.writes.drain(this.lockWaitMs);
    this.stopLockEvents();
    if (unstored.length > 0) console.error(`workbench: ${unstored.length} write(s) could not be stored in the history ${this.store.path}:\n  ${unstored.join('\n  ')}`);
  }

  private requireExperiment(id: number): void {
    if (!this.store.has(id)) throw notFound('experiment', id);
  }

  private changed(id: number, change: 'created' | 'updated' | 'deleted'): void {
    this.bus.emit('experiment-changed', { experimentId: id, change });
  }

  private async cancel(id: number): Promise<RequestOutput<'cancelExperiment'>> {
    const status = this.store.status(id);
    if (status === undefined) throw notFound('experiment', id);
    if (this.runner.cancel(id)) {
      const final = this.runner.isQueued(id) || this.runner.runningId() === id ? await this.runner.waitFor(id) : this.store.status(id)!;
      return { id, status: final };
    }
    if (status === 'interrupted') {
      this.store.setStatus(id, 'cancelled', 'cancelled after an interruption');
      this.bus.emit('run-state', { experimentId: id, status: 'cancelled' });
      return { id, status: 'cancelled' };
    }
    if (status === 'running' || status === 'queued') {
      // Owned by another process (another window, a host, the CLI): it polls for this flag.
      this.store.requestCancel(id);
      return { id, status };
    }
    throw new ApiError('conflict', `experiment ${id} is ${status}; only queued, running or interrupted runs can be cancelled`);
  }

  private createHandlers(): ServiceHandlers {
    const store = this.store;
    return {
      listPresets: () => ({
        presets: PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name], config: clonePreset(name) })),
      }),
      listBackends: async () => {
        const backends = backendOptions();
        return { backends, auto: autoBackend(backends, await probeAdapter()) };
      },
      getHistoryState: () => store.writes.state(),
      validateConfig: ({ config }) => {
        const result = validateConfig(config);
        return { ok: result.ok, errors: result.errors };
      },
      createExperiment: ({ config, preset, name, tags, seeds }: ParsedInput<'createExperiment'>) => {
        const valid = parseConfig(config ?? clonePreset(preset!));
        if (seeds === undefined || seeds === 1) {
          const id = store.createExperiment({ config: valid, name, tags, ownerPid: process.pid });
          this.changed(id, 'created');
          this.runner.enqueue(id);
          return { id };
        }
        const groupId = store.createGroup(valid.seed, seeds);
        const ids = groupSeeds(valid.seed, seeds).map((seed, index) =>
          store.createExperiment({ config: { ...valid, seed }, name, tags, ownerPid: process.pid, group: { id: groupId, index } }),
        );
        for (const id of ids) {
          this.changed(id, 'created');
          this.runner.enqueue(id);
        }
        return { id: ids[0], ids, groupId };
      },
      cancelExperiment: ({ id }) => this.cancel(id),
      resumeExperiment: ({ id }) => {
        const status = store.status(id);
        if (status === undefined) throw notFound('experiment', id);
        if (!RESUMABLE.includes(status)) {
          throw new ApiError('conflict', `experiment ${id} is ${status}; only interrupted, cancelled or failed runs can be resumed`);
        }
        this.runner.enqueue(id, true);
        return { id, status: store.status(id)! };
      },
      listExperiments: (query) => store.listExperiments(query),
      getExperiment: ({ id }) => {
        const detail = store.getExperiment(id);
        if (!detail) throw notFound('experiment', id);
        const group = detail.group ? storedGroup(store, detail.group.id) : undefined;
        if (group) detail.groupSummary = group.group;
        return detail;
      },
      getArtifact: ({ id }) => {
        const artifact = store.artifact(id);
        if (!artifact) throw notFound('artifact', id);
        return artifact;
      },
      renameExperiment: ({ id, name }) => {
        this.requireExperiment(id);
        store.rename(id, name);
        this.changed(id, 'updated');
        return { id, name };
      },
      setNotes: ({ id, notes }) => {
        this.requireExperiment(id);
        store.setNotes(id, notes);
        this.changed(id, 'updated');
        return { id, notes };
      },
      setTags: ({ id, tags }) => {
        this.requireExperiment(id);
        store.setTags(id, tags);
        this.changed(id, 'updated');
        return { id, tags: store.tags(id) };
      },
      deleteExperiment: async ({ id }) => {
        this.requireExperiment(id);
        if (this.runner.cancel(id)) await this.runner.waitFor(id);
        const status = store.status(id);
        if (status === 'running' || status === 'queued') {
          throw new ApiError('conflict', `experiment ${id} is ${status} in another workbench process; cancel it there first`);
        }
        const deleted = store.deleteExperiment(id);
        this.changed(id, 'deleted');
        return { id, deleted };
      },
      cloneConfig: ({ id }) => {
        const config = store.config(id);
        if (!config) throw notFound('experiment', id);
        return { config };
      },
      compareArms: (input) => compareArms(store, input),
      getTestImages: ({ experimentId, indices }) => {
        const config = store.config(experimentId);
        if (!config) throw notFound('experiment', experimentId);
        return this.testImages.images(config, indices);
      },
      exportExperiment: ({ id, format }) => (format === 'pdf' ? exportExperimentPdf(store, id, this.printPdf) : exportExperiment(store, id, format)),
    };
  }
}
