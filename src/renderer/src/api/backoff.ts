export interface Backoff {
  /** Delay before the first retry. */
  initialMs: number;
  /** Longest delay between two retries. */
  maxMs: number;
  /** How much each further retry waits longer than the one before. */
  factor: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 10_000, factor: 2 };

/** How long to wait before retry number `attempt` (1 for the first): exponential, capped. */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** exponent);
}
