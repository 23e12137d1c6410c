import type { ExperimentData } from '../../engine/pipeline/data.ts';
import { loadExperimentData } from '../../engine/pipeline/data.ts';
import { checkRunSize, machineLimits } from '../../engine/run-size.ts';
import type { ImageSet } from '../../engine/data/types.ts';
import type { ExperimentConfig } from '../../shared/config.ts';
import type { FromWorker, RunThread, ToWorker } from '../runner/worker-protocol.ts';
import type { EngineLink } from './engine-link.ts';

type Listeners = { message: ((message: FromWorker) => void)[]; error: ((error: Error) => void)[]; exit: ((code: number) => void)[] };

/** A copy of the set whose images are in an ordinary ArrayBuffer: IPC cannot carry shared memory. */
function unshared(set: ImageSet): ImageSet {
  return { ...set, images: set.images.slice(), labels: set.labels.slice() };
}

export function withoutSharedMemory(data: ExperimentData): ExperimentData {
  return { ...data, train: unshared(data.train), test: unshared(data.test) };
}

/**
 * One run in the engine window, seen by the job runner as a worker thread: the same messages
 * both ways. The main process reads the dataset (the page reads no files) and checks the run's
 * size against this machine before the rows go to the page; the page's renderer going away
 * fails the run with a named message, its last acknowledged checkpoint kept for a resume.
 */
export class EngineWindowThread implements RunThread {
  private readonly listeners: Listeners = { message: [], error: [], exit: [] };
  private readonly unsubscribe: (() => void)[];
  private ended = false;

  constructor(
    private readonly link: EngineLink,
    private readonly loadData: (config: ExperimentConfig) => Promise<ExperimentData> = loadExperimentData,
  ) {
    this.unsubscribe = [
      link.onMessage((message) => {
        if (message.type === 'ready' || message.type === 'adapter') return;
        this.emit('message', message);
      }),
      link.onGone((reason) =>
        this.emit('error', new Error(`the engine window stopped (${reason}); the run can be resumed from its last checkpoint`)),
      ),
    ];
  }

  on(event: 'message', listener: (message: FromWorker) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  on(event: keyof Listeners, listener: (value: never) => void): this {
    (this.listeners[event] as ((value: never) => void)[]).push(listener);
    return this;
  }

  postMessage(message: ToWorker): void {
    if (this.ended) return;
    if (message.type === 'start') void this.start(message);
    else this.link.send(message);
  }

  async terminate(): Promise<number> {
    if (this.ended) return 0;
    this.ended = true;
    this.unsubscribe.forEach((stop) => stop());
    this.link.reset();
    return 0;
  }

  private async start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    try {
      checkRunSize(message.config, machineLimits('webgpu'));
      const data = withoutSharedMemory(await this.loadData(message.config));
      if (this.ended) return;
      this.link.send({ type: 'start', config: message.config, data, resume: message.resume });
    } catch (error) {
      this.emit('message', { type: 'failed', message: (error as Error).message, stack: (error as Error).stack });
    }
  }

  private emit<E extends keyof Listeners>(event: E, value: Parameters<Listeners[E][number]>[0]): void {
    if (this.ended) return;
    for (const listener of this.listeners[event]) (listener as (v: typeof value) => void)(value);
  }
}
