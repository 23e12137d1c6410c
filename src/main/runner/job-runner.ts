import { startModuleWorker, workerScript } from '../../engine/workers/module-worker.ts';
import type { EventName, EventPayload, ExperimentStatus } from '../../shared/api.ts';
import { RunRecorder } from '../store/run-recorder.ts';
import type { Store } from '../store/store.ts';
import type { FromWorker, RunThread, RunThreadChooser, ToWorker, WorkerData } from './worker-protocol.ts';

/*
 * Why worker_threads: TensorFlow.js's wasm and plain-JS backends run in a worker thread
 * unchanged (wasm loads its .wasm file through fs there), and so does the native tfjs-node
 * addon (N-API). A worker runs identically under Node (CLI, host, tests) and in Electron's
 * main process, unlike Electron's utilityProcess; it keeps the main thread (the window's
 * IPC) responsive; terminate() is a hard stop when a cancel is not honoured in time; and
 * an exception in the engine arrives as an 'error' event instead of taking the app down.
 * The parent thread alone writes to SQLite, so there is one writer per process.
 */

export type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface JobRunnerOptions {
  store: Store;
  emit?: Emit;
  /** A module exporting `runExperiment`, instead of src/engine/pipeline.ts (tests inject stand-ins). */
  pipelineModule?: string;
  /** How long a run may take to honour a cancel before its worker is terminated. */
  cancelGraceMs?: number;
  /** How often the runner looks for cancel requests from other processes (`workbench cancel`). */
  pollMs?: number;
  /** Sends a run elsewhere than a worker thread when it returns a thread (the desktop app's engine window). */
  chooseThread?: RunThreadChooser;
}

interface ActiveJob {
  id: number;
  worker: RunThread;
  recorder: RunRecorder;
  finished: boolean;
  cancelling: boolean;
  timers: NodeJS.Timeout[];
}

const TERMINAL: ExperimentStatus[] = ['done', 'failed', 'cancelled', 'interrupted'];

/** A queue of experiments run one at a time, each in a fresh worker thread. */
export class JobRunner {
  private readonly store: Store;
  private readonly emit: Emit;
  private readonly options: JobRunnerOptions;
  private readonly queue: { id: number; resume: boolean }[] = [];
  private active: ActiveJob | undefined;
  private readonly waiters = new Map<number, ((status: ExperimentStatus) => void)[]>();
  private closed = false;

  constructor(options: JobRunnerOptions) {
    this.options = options;
    this.store = options.store;
    this.emit = options.emit ?? (() => undefined);
  }

  /** Queues an experiment (already in the store); `resume` continues from its last checkpoint. */
  enqueue(id: number, resume = false): void {
    if (this.closed) throw new Error('the job runner is closed');
    this.store.writes.submit(`status of experiment ${id}: queued`, () => this.store.setStatus(id, 'queued', null, process.pid));
    this.emit('run-state', { experimentId: id, status: 'queued' });
    this.queue.push({ id, resume });
    this.pump();
  }

  isQueued(id: number): boolean {
    return this.queue.some((job) => job.id === id);
  }

  runningId(): number | undefined {
    return this.active?.id;
  }

  /** Resolves with the experiment's final status once it stops (done, failed, cancelled). */
  waitFor(id: number): Promise<ExperimentStatus> {
    if (!this.isQueued(id) && this.active?.id !== id) return Promise.resolve(this.store.status(id) ?? 'failed');
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  /** Cancels a queued run at once, or asks the running one to stop (terminating it after the grace period). */
  cancel(id: number): boolean {
    const index = this.queue.findIndex((job) => job.id === id);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.settle(id, 'cancelled', null);
      return true;
    }
    const job = this.active;
    if (!job || job.id !== id || job.finished) return false;
    if (!job.cancelling) {
      job.cancelling = true;
      job.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
      job.timers.push(setTimeout(() => this.finish(job, 'cancelled', null), this.options.cancelGraceMs ?? 1500));
    }
    return true;
  }

  /** Stops everything: the running job is terminated and left `interrupted`, queued ones too. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job.id, 'interrupted', 'the workbench closed before it ran');
    const job = this.active;
    if (job) {
      this.finish(job, 'interrupted', 'the workbench closed while it ran; resume continues from the last checkpoint');
      await job.worker.terminate();
    }
  }

  private pump(): void {
    if (this.active || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    try {
      this.start(next.id, next.resume);
    } catch (error) {
      this.settle(next.id, 'failed', `could not start the run: ${(error as Error).message}`);
      this.pump();
    }
  }

  private start(id: number, resume: boolean): void {
    const config = this.store.config(id);
    if (!config) return this.pump();
    const checkpoint = resume ? this.store.checkpoint(id) : undefined;
    const workerData: WorkerData = { pipelineModule: this.options.pipelineModule };
    const worker = this.options.chooseThread?.(config) ?? startModuleWorker(workerScript(import.meta.url, './worker.ts', 'worker'), workerData);
    const job: ActiveJob = { id, worker, recorder: new RunRecorder(this.store, id), finished: false, cancelling: false, timers: [] };
    this.active = job;
    this.store.writes.submit(`status of experiment ${id}: running`, () => this.store.setStatus(id, 'running', null, process.pid));
    this.emit('run-state', { experimentId: id, status: 'running', position: checkpoint?.position });

    worker.on('message', (message: FromWorker) => {
      try {
        this.onMessage(job, message);
      } catch (error) {
        this.finish(job, 'failed', `could not record the run: ${(error as Error).message}`);
      }
    });
    worker.on('error', (error) => this.finish(job, 'failed', `the run crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!job.finished) this.finish(job, job.cancelling ? 'cancelled' : 'failed', `the run's worker exited unexpectedly (code ${code})`);
    });
    let ticks = 0;
    job.timers.push(
      setInterval(() => {
        if (job.finished) return;
        try {
          this.pollOtherProcesses(id, ++ticks % 20 === 0);
        } catch (error) {
          console.error(`workbench: ${(error as Error).message}`);
        }
      }, this.options.pollMs ?? 500),
    );
    worker.postMessage({ type: 'start', config, resume: checkpoint } satisfies ToWorker);
  }

  /** Honours `workbench cancel` from other processes and, every `heartbeat`, shows this process is alive. */
  private pollOtherProcesses(id: number, heartbeat: boolean): void {
    const ids = [id, ...this.queue.map((q) => q.id)];
    for (const candidate of ids) {
      if (this.store.cancelRequested(candidate)) this.cancel(candidate);
    }
    // A heartbeat behind another process's lock says nothing; the writes waiting with it carry one.
    if (heartbeat && this.store.writes.waiting === 0) {
      this.store.writes.submit('heartbeats', () => {
        for (const waiting of ids) this.store.heartbeat(waiting);
      });
    }
  }

  private onMessage(job: ActiveJob, message: FromWorker): void {
    if (job.finished) return;
    switch (message.type) {
      case 'event':
        job.recorder.onEvent(message.event);
        this.emit('pipeline', { experimentId: job.id, event: message.event });
        return;
      case 'checkpoint':
        job.recorder.save(message.checkpoint);
        job.worker.postMessage({ type: 'checkpoint-saved', seq: message.seq } satisfies ToWorker);
        return;
      case 'finished':
        job.recorder.keepFinalWeights();
        this.finish(job, 'done', null);
        return;
      case 'cancelled':
        this.finish(job, 'cancelled', null);
        return;
      case 'failed':
        this.finish(job, 'failed', message.message);
        return;
    }
  }

  private finish(job: ActiveJob, status: ExperimentStatus, error: string | null): void {
    if (job.finished) return;
    job.finished = true;
    for (const timer of job.timers) clearTimeout(timer);
    try {
      job.recorder.flush();
    } catch {
      // The run's status below matters more than its last unflushed metrics.
    }
    void job.worker.terminate();
    this.active = undefined;
    this.settle(job.id, status, error);
    if (!this.closed) setImmediate(() => this.pump());
  }

  /** Records the final status (queued behind a lock if need be); never throws, so a failing write cannot stop the host. */
  private settle(id: number, status: ExperimentStatus, error: string | null): void {
    try {
      this.store.writes.submit(`status of experiment ${id}: ${status}`, () => {
        if (this.store.has(id)) this.store.setStatus(id, status, error);
      });
    } catch (failure) {
      console.error(`workbench: could not record experiment ${id} as ${status}: ${(failure as Error).message}`);
    }
    this.emit('run-state', error ? { experimentId: id, status, error } : { experimentId: id, status });
    if (TERMINAL.includes(status)) {
      for (const resolve of this.waiters.get(id) ?? []) resolve(status);
      this.waiters.delete(id);
    }
  }
}
