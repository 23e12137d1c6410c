import {
  isEventName,
  openEnvelope,
  parseEventPayload,
  type EventName,
  type EventPayload,
  type RequestInput,
  type RequestName,
  type RequestOutput,
  type WorkbenchApi,
} from './api.ts';
import { ApiError } from './errors.ts';
import { EventListeners } from './event-listeners.ts';
import { TOKEN_PARAM, WEBSOCKET_PATH, wireServerMessageSchema } from './wire.ts';

/** The part of the WebSocket API (browser or `ws`) the client needs. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

/** The WebSocket URL of a host, from the page URL that carries the token (e.g. `http://127.0.0.1:8080/?token=...`). */
export function hostSocketUrl(pageUrl: string): string {
  const url = new URL(pageUrl);
  const token = url.searchParams.get(TOKEN_PARAM);
  if (!token) throw new ApiError('unauthorized', `the page URL has no ${TOKEN_PARAM} parameter`);
  const protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${url.host}${WEBSOCKET_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/**
 * `WorkbenchApi` over the loopback host's WebSocket. Every response and event is validated
 * against the contract before a caller sees it; invalid events are dropped.
 */
export function createHostClient(socketUrl: string, openSocket: SocketFactory): WorkbenchApi & { close(): void } {
  const socket = openSocket(socketUrl);
  const pending = new Map<number, { name: RequestName; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new EventListeners();
  let nextId = 1;
  let closedError: ApiError | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new ApiError('internal', `could not connect to ${socketUrl.replace(/token=[^&]+/, 'token=…')}`));
  });
  opened.catch(() => undefined);

  socket.onmessage = (event) => {
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      return;
    }
    const parsed = wireServerMessageSchema.safeParse(message);
    if (!parsed.success) return;
    const data = parsed.data;
    if (data.type === 'event') {
      if (!isEventName(data.name)) return;
      const payload = parseEventPayload(data.name, data.payload);
      if (payload === undefined) return;
      listeners.emit(data.name, payload);
      return;
    }
    if (data.id === null) return;
    const waiter = pending.get(data.id);
    if (!waiter) return;
    pending.delete(data.id);
    try {
      const envelope = data.ok ? { ok: true, output: data.output } : { ok: false, error: data.error };
      waiter.resolve(openEnvelope(waiter.name, envelope));
    } catch (error) {
      waiter.reject(error as Error);
    }
  };
  socket.onclose = () => {
    closedError = new ApiError('internal', 'the connection to the workbench host closed');
    for (const waiter of pending.values()) waiter.reject(closedError);
    pending.clear();
  };

  return Object.freeze({
    transport: 'host' as const,
    async invoke<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
      if (closedError) throw closedError;
      if (socket.readyState !== OPEN) await opened;
      const id = nextId++;
      return new Promise<RequestOutput<N>>((resolve, reject) => {
        pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ type: 'request', id, name, input }));
      });
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      return listeners.add(name, listener);
    },
    close(): void {
      socket.close();
    },
  });
}
