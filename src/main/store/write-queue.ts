import { isBusy, namedDbError } from './db-errors.ts';

/** What the queue is doing, for a line on the terminal or an event the window shows. */
export interface WriteQueueState {
  path: string;
  /** Another process holds the history's lock and writes are waiting for it. */
  locked: boolean;
  /** Writes queued behind the lock, oldest first. */
  waiting: number;
  /** Writes that could not be stored (a failure other than the lock, or given up on), each named. */
  unstored: string[];
}

export interface WriteQueueOptions {
  /** The first wait before a retry; doubled after each busy retry up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

interface PendingWrite {
  label: string;
  write: () => void;
  abandoned?: () => void;
}

/**
 * The one ordered path for a process's writes to the history. A write runs at once when
 * nothing is waiting; one that finds the database locked by another process (SQLITE_BUSY after
 * the short busy timeout) is queued, and so is every later write, and the queue retries them
 * in order from timers with backoff, so the event loop is never held for longer than one busy
 * timeout and nothing is lost or reordered.
 */
export class WriteQueue {
  private readonly pending: PendingWrite[] = [];
  private readonly failed: string[] = [];
  private readonly listeners = new Set<(state: WriteQueueState) => void>();
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private delay: number;
  private timer: NodeJS.Timeout | undefined;
  private drainers: (() => void)[] = [];
  private notifiedWaiting = 0;

  constructor(
    readonly path: string,
    options: WriteQueueOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 100;
    this.maxRetryMs = options.maxRetryMs ?? 2000;
    this.delay = this.retryMs;
  }

  get waiting(): number {
    return this.pending.length;
  }

  state(): WriteQueueState {
    return { path: this.path, locked: this.pending.length > 0, waiting: this.pending.length, unstored: [...this.failed] };
  }

  /** Calls `listener` whenever the lock starts, the number waiting changes, the lock clears or a write is lost. */
  onChange(listener: (state: WriteQueueState) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Writes now, or queues behind a lock. A failure other than the lock is thrown when the write
   * runs at once (as a plain call would), and recorded in `unstored` when it runs from the queue.
   */
  submit(label: string, write: () => void, abandoned?: () => void): void {
    if (this.pending.length === 0) {
      try {
        write();
        return;
      } catch (error) {
        if (!isBusy(error)) throw namedDbError(this.path, error);
      }
      this.pending.push({ label, write, abandoned });
      this.delay = this.retryMs;
      this.schedule();
    } else {
      this.pending.push({ label, write, abandoned });
    }
    this.notify();
  }

  /** Like `submit`, but resolves with the write's result once it is stored (in order), or rejects. */
  perform<T>(label: string, write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      try {
        this.submit(
          label,
          () => {
            try {
              resolve(write());
            } catch (error) {
              if (isBusy(error)) throw error;
              reject(namedDbError(this.path, error));
            }
          },
          () => reject(namedDbError(this.path, new Error(`${label} was not stored: the history stayed locked by another process`))),
        );
      } catch (error) {
        reject(error);
      }
    });
  }

  /**
   * Waits until every queued write is stored, or `timeoutMs` has passed; then gives up on the
   * rest. Returns the writes that could not be stored (empty when all went in).
   */
  async drain(timeoutMs: number): Promise<string[]> {
    if (this.pending.length > 0) {
      await new Promise<void>((resolve) => {
        const giveUp = setTimeout(resolve, timeoutMs);
        this.drainers.push(() => {
          clearTimeout(giveUp);
          resolve();
        });
      });
    }
    this.abandon();
    return [...this.failed];
  }

  /** Stops retrying; what is still queued is counted as not stored. */
  abandon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    for (const write of this.pending.splice(0)) {
      this.failed.push(`${write.label} (the history stayed locked)`);
      write.abandoned?.();
    }
    this.notify();
    this.release();
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.retry(), this.delay);
    this.timer.unref();
  }

  private retry(): void {
    this.timer = undefined;
    while (this.pending.length > 0) {
      const next = this.pending[0];
      try {
        next.write();
      } catch (error) {
        if (isBusy(error)) {
          this.delay = Math.min(this.delay * 2, this.maxRetryMs);
          this.schedule();
          if (this.pending.length !== this.notifiedWaiting) this.notify();
          return;
        }
        this.failed.push(`${next.label}: ${namedDbError(this.path, error).message}`);
      }
      this.pending.shift();
    }
    this.notify();
    this.release();
  }

  private release(): void {
    for (const resolve of this.drainers.splice(0)) resolve();
  }

  private notify(): void {
    const state = this.state();
    this.notifiedWaiting = state.waiting;
    for (const listener of this.listeners) listener(state);
  }
}
