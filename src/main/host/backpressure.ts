import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * What one connection may hold queued for a client that does not read it. One reply may be
 * larger (it is sent whole); the next one finds the queue over the cap and the connection is dropped.
 */
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/** RFC 6455 "policy violation": the close code a client that stopped reading gets. */
export const SLOW_READER_CLOSE_CODE = 1008;

/** How long a closed slow reader has to read its queue and the close frame before it is cut off. */
const SLOW_READER_GRACE_MS = 5000;

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export function slowReaderReason(queuedBytes: number, maxQueuedBytes: number): string {
  return `client not reading: ${megabytes(queuedBytes)} MiB of replies unread (limit ${megabytes(maxQueuedBytes)} MiB)`;
}

/**
 * Sends a message unless the connection already holds more than `maxQueuedBytes` unread:
 * then the connection is closed with SLOW_READER_CLOSE_CODE and a reason, and cut off after a
 * short grace if the client does not read up to the close frame. False when nothing was sent.
 */
export function sendBounded(socket: WebSocket, text: string, maxQueuedBytes: number): boolean {
  if (!mayTakeMore(socket, maxQueuedBytes)) return false;
  socket.send(text);
  return true;
}

/** False when the connection is closing, or holds more than the cap unread (it is then closed). */
export function mayTakeMore(socket: WebSocket, maxQueuedBytes: number): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount <= maxQueuedBytes) return true;
  closeSlowReader(socket, maxQueuedBytes);
  return false;
}

function closeSlowReader(socket: WebSocket, maxQueuedBytes: number): void {
  socket.close(SLOW_READER_CLOSE_CODE, slowReaderReason(socket.bufferedAmount, maxQueuedBytes));
  setTimeout(() => socket.terminate(), SLOW_READER_GRACE_MS).unref();
}

/**
 * Per HTTP connection, the bytes of replies written but not yet handed to the operating system
 * (pipelined replies wait in Node behind the one being sent). A connection over the cap is
 * dropped: over HTTP there is no way to tell a client that does not read.
 */
export class HttpReplyBudget {
  private readonly queued = new WeakMap<Socket, number>();

  constructor(private readonly maxQueuedBytes: number) {}

  /** True when the connection may take another reply; else it has been destroyed. */
  admit(socket: Socket): boolean {
    if ((this.queued.get(socket) ?? 0) <= this.maxQueuedBytes) return true;
    socket.destroy();
    return false;
  }

  /** Ends the response with `body`, counted against its connection until it is flushed or closed. */
  end(response: ServerResponse, body: string | Buffer): void {
    // A pipelined response has no socket of its own until the ones before it are sent.
    const socket = response.req.socket;
    if (!this.admit(socket)) return;
    const bytes = Buffer.byteLength(body);
    this.queued.set(socket, (this.queued.get(socket) ?? 0) + bytes);
    response.once('close', () => this.queued.set(socket, (this.queued.get(socket) ?? bytes) - bytes));
    response.end(body);
  }
}
