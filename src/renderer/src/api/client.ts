import {
  parseEventPayload,
  parseRequestOutput,
  type EventName,
  type EventPayload,
  type RequestInput,
  type RequestName,
  type RequestOutput,
  type WorkbenchApi,
} from '../../../shared/api.ts';
import { hostSocketUrl, type SocketLike } from '../../../shared/host-client.ts';
import { connection } from './connection.ts';
import { createReconnectingClient } from './reconnecting-client.ts';
import { tokenRejectedReason } from './token-check.ts';

/** Wraps the preload's API so nothing it returns is trusted before the shared schemas pass it. */
function validatingElectronApi(raw: WorkbenchApi): WorkbenchApi {
  return Object.freeze({
    transport: 'electron' as const,
    async invoke<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
      return parseRequestOutput(name, await raw.invoke(name, input));
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      return raw.subscribe(name, (payload) => {
        const valid = parseEventPayload(name, payload);
        if (valid !== undefined) listener(valid);
      });
    },
  });
}

/** An API whose every request fails with the reason the real one could not be built. */
function unavailableApi(reason: string): WorkbenchApi {
  return Object.freeze({
    transport: 'host' as const,
    invoke: () => Promise.reject(new Error(reason)),
    subscribe: () => () => undefined,
  });
}

function hostApi(): WorkbenchApi {
  try {
    const pageUrl = window.location.href;
    let everConnected = false;
    return createReconnectingClient({
      socketUrl: hostSocketUrl(pageUrl),
      openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onStatus: (status) => {
        everConnected ||= status.state === 'connected';
        connection.value = status;
      },
      diagnose: () => tokenRejectedReason(pageUrl, everConnected),
    });
  } catch (error) {
    return unavailableApi(`Cannot reach the workbench host: ${(error as Error).message}. Open the URL that \`workbench serve\` printed.`);
  }
}

/** The one API the renderer talks to: the preload's in Electron, the loopback host's (token from the page URL) otherwise. */
const preloaded = (window as { workbench?: WorkbenchApi }).workbench;
export const api: WorkbenchApi = preloaded ? validatingElectronApi(preloaded) : hostApi();

export function invoke<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
  return api.invoke(name, input);
}

export function subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
  return api.subscribe(name, listener);
}
