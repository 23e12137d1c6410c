import { RunCancelledError } from './run-types.ts';

/** Throws RunCancelledError if the run was cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunCancelledError();
}

/** Lets queued messages (a cancel request in a worker) through, then checks for cancellation. */
export async function yieldAndCheck(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfCancelled(signal);
}
