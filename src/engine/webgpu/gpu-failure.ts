import { adapterLabel, type GpuAdapterSummary } from './adapter-info.ts';

/** The GPU went away or ran out of memory during a run; the run's last checkpoint stays resumable. */
export class GpuFailureError extends Error {
  constructor(
    readonly adapter: GpuAdapterSummary,
    readonly reason: string,
  ) {
    super(`the GPU ${adapterLabel(adapter)} failed: ${reason}; the run can be resumed from its last checkpoint`);
    this.name = 'GpuFailureError';
  }
}

let failure: GpuFailureError | undefined;
const waiters = new Set<(error: GpuFailureError) => void>();

/** Records the first failure of the device this thread trains on (device lost, out of memory). */
export function reportGpuFailure(adapter: GpuAdapterSummary, cause: string): void {
  if (failure) return;
  failure = new GpuFailureError(adapter, cause);
  for (const wake of waiters) wake(failure);
  waiters.clear();
}

export function gpuFailure(): GpuFailureError | undefined {
  return failure;
}

export function throwIfGpuFailed(): void {
  if (failure) throw failure;
}

/**
 * `read`, unless the device fails first: a read from a lost device may never settle, so the
 * failure rejects in its place.
 */
export function raceGpuFailure<T>(read: Promise<T>): Promise<T> {
  if (failure) return Promise.reject(failure);
  let wake: ((error: GpuFailureError) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    wake = reject;
    waiters.add(reject);
  });
  return Promise.race([read, failed]).finally(() => waiters.delete(wake!));
}

/** For tests: forget a recorded failure, as a fresh process would. */
export function clearGpuFailure(): void {
  failure = undefined;
}
