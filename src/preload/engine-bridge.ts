import { ENGINE_IPC_CHANNEL, type EngineChannel, type FromEngine, type ToEngine } from '../engine/page/protocol.ts';

/** The part of ipcRenderer the engine window's bridge uses. */
export interface EngineIpc {
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

/**
 * The engine page's one channel to the main process: messages of the engine protocol on one IPC
 * channel, and nothing else (no ipcRenderer, no Node). One listener: the page's engine.
 */
export function createEngineBridge(ipc: EngineIpc): EngineChannel {
  let subscribed = false;
  return Object.freeze({
    send: (message: FromEngine) => ipc.send(ENGINE_IPC_CHANNEL, message),
    onMessage: (listener: (message: ToEngine) => void) => {
      if (subscribed) throw new Error('the engine channel has a listener already');
      subscribed = true;
      ipc.on(ENGINE_IPC_CHANNEL, (_event, message) => listener(message as ToEngine));
    },
  });
}
