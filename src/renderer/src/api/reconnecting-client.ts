import { EVENT_NAMES, type EventName, type EventPayload, type RequestInput, type RequestName, type RequestOutput, type WorkbenchApi } from '../../../shared/api.ts';
import { ApiError } from '../../../shared/errors.ts';
import { EventListeners } from '../../../shared/event-listeners.ts';
import { createHostClient, type SocketFactory, type SocketLike } from '../../../shared/host-client.ts';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from './backoff.ts';
import type { ConnectionStatus } from './connection-status.ts';

export interface ReconnectingClientOptions {
  socketUrl: string;
  openSocket: SocketFactory;
  backoff?: Backoff;
  /** How long a request made while the link is down waits for it to come back before failing. */
  requestWaitMs?: number;
  onStatus?: (status: ConnectionStatus) => void;
  /** Asked after each failed attempt: a reason that retrying cannot fix, or undefined. */
  diagnose?: () => Promise<string | undefined>;
}

export interface ReconnectingClient extends WorkbenchApi {
  readonly status: ConnectionStatus;
  close(): void;
}

type HostClient = ReturnType<typeof createHostClient>;

/**
 * `WorkbenchApi` over the host's WebSocket that survives the host going away: a lost or refused
 * connection is retried with exponential backoff, event listeners carry over to each new
 * connection, and requests made while the link is down wait for it (up to `requestWaitMs`).
 * Requests in flight when the link drops fail: whether the host acted on them is unknown.
 */
export function createReconnectingClient(options: ReconnectingClientOptions): ReconnectingClient {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const requestWaitMs = options.requestWaitMs ?? 10_000;
  const listeners = new EventListeners();
  const waiters = new Set<(client: HostClient) => void>();
  let status: ConnectionStatus = { state: 'connecting', failures: 0, reconnects: 0 };
  let latest: HostClient | undefined;
  let live: HostClient | undefined;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setStatus(next: ConnectionStatus): void {
    status = next;
    options.onStatus?.(status);
  }

  function dispatcher(name: EventName): (payload: unknown) => void {
    return (payload) => {
      listeners.emit(name, payload);
    };
  }

  function opened(client: HostClient): void {
    if (closed) return client.close();
    live = client;
    setStatus({ state: 'connected', failures: 0, reconnects: status.reconnects + (status.state === 'reconnecting' ? 1 : 0) });
    for (const waiter of waiters) waiter(client);
    waiters.clear();
  }

  function lost(client: HostClient | undefined): void {
    if (client && live === client) live = undefined;
    if (closed) return;
    const failures = status.state === 'connected' ? 1 : status.failures + 1;
    const delay = backoffDelay(failures, backoff);
    setStatus({ state: 'reconnecting', failures, nextAttemptAt: Date.now() + delay, problem: status.problem, reconnects: status.reconnects });
    retryTimer = setTimeout(connect, delay);
    options
      .diagnose?.()
      .then((problem) => {
        if (status.state === 'reconnecting' && problem !== status.problem) setStatus({ ...status, problem });
      })
      .catch(() => undefined);
  }

  function connect(): void {
    retryTimer = undefined;
    let socket: SocketLike | undefined;
    let client: HostClient;
    try {
      client = createHostClient(options.socketUrl, (url) => (socket = options.openSocket(url)));
    } catch {
      return lost(undefined);
    }
    latest = client;
    for (const name of EVENT_NAMES) client.subscribe(name, dispatcher(name));
    // The host client owns the socket's handlers; chain ours after its own.
    const own = socket!;
    const { onopen, onclose } = own;
    own.onopen = (event) => {
      onopen?.(event);
      opened(client);
    };
    own.onclose = (event) => {
      onclose?.(event);
      lost(client);
    };
  }

  function waitForLink(): Promise<HostClient> {
    return new Promise((resolve, reject) => {
      const ready = (client: HostClient) => {
        clearTimeout(timer);
        resolve(client);
      };
      const timer = setTimeout(() => {
        waiters.delete(ready);
        const why = status.problem ?? 'It is retrying: try again once it is back.';
        reject(new ApiError('internal', `Not connected to the workbench host. ${why}`));
      }, requestWaitMs);
      waiters.add(ready);
    });
  }

  connect();

  return Object.freeze({
    transport: 'host' as const,
    get status() {
      return status;
    },
    async invoke<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
      if (closed) throw new ApiError('internal', 'the connection to the workbench host was closed');
      const client = live ?? (await waitForLink());
      return client.invoke(name, input);
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      return listeners.add(name, listener);
    },
    close(): void {
      closed = true;
      clearTimeout(retryTimer);
      latest?.close();
      setStatus({ ...status, state: 'closed', nextAttemptAt: undefined });
    },
  });
}
