/** Where the renderer's link to the workbench host stands. */
export interface ConnectionStatus {
  /** `connecting` only before the first connection; `reconnecting` after any failure. */
  state: 'connecting' | 'connected' | 'reconnecting' | 'closed';
  /** Failed attempts since the link was last up. */
  failures: number;
  /** When the next attempt starts (ms since the epoch), while reconnecting. */
  nextAttemptAt?: number;
  /** Why reconnecting cannot succeed on its own, as a sentence, when that is known (e.g. a rejected token). */
  problem?: string;
  /** How many times the link came back after being lost. */
  reconnects: number;
}

export const CONNECTED: ConnectionStatus = { state: 'connected', failures: 0, reconnects: 0 };
