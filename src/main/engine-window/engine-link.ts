import type { FromEngine, ToEngine } from '../../engine/page/protocol.ts';

/** The main process's end of the engine window's channel (engine-window.ts over Electron; a test's fake). */
export interface EngineLink {
  /** Delivered once the page is ready (queued until then). */
  send(message: ToEngine): void;
  onMessage(listener: (message: FromEngine) => void): () => void;
  /** The page's renderer went away (crashed, killed, or the window closed). */
  onGone(listener: (reason: string) => void): () => void;
  /** Ends whatever the page is running by reloading it. */
  reset(): void;
}
