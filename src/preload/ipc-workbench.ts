import {
  isEventName,
  isRequestName,
  openEnvelope,
  parseEventPayload,
  REQUEST_NAMES,
  type EventName,
  type EventPayload,
  type RequestInput,
  type RequestName,
  type RequestOutput,
  type WorkbenchApi,
} from '../shared/api.ts';
import { bridgeErrorMessage, toApiError } from '../shared/errors.ts';
import { EventListeners } from '../shared/event-listeners.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipc-channels.ts';

/** The part of Electron's ipcRenderer the bridge uses (a stand-in in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * `WorkbenchApi` over Electron IPC, built in the preload: requests go out by name only, every
 * response and event is validated against the contract before the page sees it, and failures
 * reject with `[code] message` (see toApiError) because contextBridge keeps only messages.
 */
export function createIpcWorkbench(ipc: IpcRendererLike): WorkbenchApi {
  const listeners = new EventListeners();

  ipc.on(EVENT_CHANNEL, (_event, name, payload) => {
    if (!isEventName(name)) return;
    const parsed = parseEventPayload(name, payload);
    if (parsed === undefined) return;
    listeners.emit(name, parsed, (error) => console.error(`workbench: a "${name}" listener failed:`, error));
  });

  async function invoke<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
    if (!isRequestName(name)) {
      throw new Error(bridgeErrorMessage({ code: 'unknown-request', message: `unknown request "${String(name)}" (known: ${REQUEST_NAMES.join(', ')})` }));
    }
    try {
      return openEnvelope(name, await ipc.invoke(INVOKE_CHANNEL, name, input));
    } catch (error) {
      throw new Error(bridgeErrorMessage(toApiError(error).toPayload()));
    }
  }

  function subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(name)) throw new Error(bridgeErrorMessage({ code: 'invalid-input', message: `unknown event "${String(name)}"` }));
    if (typeof listener !== 'function') throw new Error(bridgeErrorMessage({ code: 'invalid-input', message: 'listener must be a function' }));
    return listeners.add(name, listener);
  }

  return Object.freeze({ transport: 'electron' as const, invoke, subscribe });
}
