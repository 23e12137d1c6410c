import type { WriteQueueState } from '../main/store/write-queue.ts';

const REPEAT_MS = 10_000;

/**
 * Tells the user on `out` (stderr) when the history is locked by another process, how many
 * writes wait for it (again every 10 s while that number changes), and when the lock clears.
 */
export function lockNotice(out: { write(text: string): unknown }, now: () => number = Date.now): (state: WriteQueueState) => void {
  let locked = false;
  let most = 0;
  let lastLine = 0;
  let lastWaiting = 0;
  return (state) => {
    if (state.locked) {
      most = Math.max(most, state.waiting);
      const repeat = now() - lastLine >= REPEAT_MS && state.waiting !== lastWaiting;
      if (!locked || repeat) {
        out.write(`history locked by another process; ${state.waiting} writes waiting, retrying (${state.path})\n`);
        lastLine = now();
        lastWaiting = state.waiting;
      }
      locked = true;
    } else if (locked) {
      const lost = state.unstored.length;
      out.write(
        lost === 0
          ? `history unlocked; the ${most} waiting writes are stored\n`
          : `history lock: gave up; ${lost} writes could not be stored\n`,
      );
      locked = false;
      most = 0;
    }
  };
}
