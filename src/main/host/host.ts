import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ApiErrorPayload } from '../../shared/errors.ts';
import { MAX_MESSAGE_BYTES, TOKEN_PARAM, WEBSOCKET_PATH, wireRequestSchema, type WireServerMessage } from '../../shared/wire.ts';
import type { WorkbenchService } from '../service/service.ts';
import type { ResponseEnvelope } from '../../shared/api.ts';
import { accessDenied, hostHeaderDenied, loopbackHosts, newToken, parseRequestTarget, type Refusal } from './access.ts';
import { DEFAULT_MAX_QUEUED_BYTES, HttpReplyBudget, mayTakeMore, sendBounded } from './backpressure.ts';
import { staticContent } from './static-files.ts';

/** What the host needs of the service: answers and events. */
export type HostService = Pick<WorkbenchService, 'respond' | 'subscribe'>;

export interface HostOptions {
  service: HostService;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer); a placeholder page is served when it does not exist. */
  rendererDir?: string;
  token?: string;
  /** What one connection may hold unread before it is dropped (default DEFAULT_MAX_QUEUED_BYTES). */
  maxQueuedBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** API replies and every error reply: nothing in them is a page, a script or a frame. */
const API_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function errorReply(id: number | null, error: ApiErrorPayload): WireServerMessage {
  return { type: 'response', id, ok: false, error };
}

function pageHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; ` +
      `connect-src 'self' ws://${HOST}:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

function badTarget(target: string | undefined): Refusal {
  return { code: 'malformed', status: 400, message: `the request target ${JSON.stringify((target ?? '').slice(0, 100))} is not a valid URL path` };
}

async function handleSocketMessage(service: HostService, socket: WebSocket, data: RawData, maxQueuedBytes: number): Promise<void> {
  // A client that leaves its replies unread gets no more work done for it.
  if (!mayTakeMore(socket, maxQueuedBytes)) return;
  const send = (message: WireServerMessage) => sendBounded(socket, JSON.stringify(message), maxQueuedBytes);
  const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    send(errorReply(null, { code: 'too-large', message: `a message may be at most ${MAX_MESSAGE_BYTES} bytes (got ${size})` }));
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
  } catch {
    send(errorReply(null, { code: 'malformed', message: 'a message must be JSON: {"type":"request","id":1,"name":"...","input":{...}}' }));
    return;
  }
  const request = wireRequestSchema.safeParse(json);
  if (!request.success) {
    const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null;
    const fields = request.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
    send(errorReply(id, { code: 'malformed', message: `not a request envelope: ${fields}` }));
    return;
  }
  const envelope = await service.respond(request.data.name, request.data.input);
  send({ type: 'response', id: request.data.id, ...envelope });
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_MESSAGE_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function statusOf(envelope: ResponseEnvelope): number {
  if (envelope.ok) return 200;
  const code = envelope.error.code;
  return code === 'not-found' || code === 'unknown-request' ? 404 : code === 'internal' ? 500 : 400;
}

/** The raw reply that refuses a WebSocket upgrade, with the same headers as every error reply. */
function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const headers = Object.entries({ ...API_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}\r\n${headers.join('')}\r\n${refusal.message}\n`);
}

/**
 * The service over HTTP (`POST /api/<request>`) and WebSocket (`/ws`) on 127.0.0.1, plus the
 * built renderer. Every API call needs the random token; pages of other origins and requests
 * naming another host (DNS rebinding) are refused. A bad request gets an error reply on its own
 * connection; a client that does not read its replies is dropped; other clients are unaffected.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { service } = options;
  const token = options.token ?? newToken();
  const rendererDir = options.rendererDir ? resolve(options.rendererDir) : undefined;
  const maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
  const httpBudget = new HttpReplyBudget(maxQueuedBytes);
  let port = options.port ?? 0;
  const allowedOrigins = () => [`http://${HOST}:${port}`, `http://localhost:${port}`];
  const sockets = new Set<WebSocket>();
  // ws closes a connection whose frame exceeds maxPayload; below it, oversized messages get an error reply instead.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_MESSAGE_BYTES });

  const reply = (response: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) => {
    response.writeHead(status, headers);
    httpBudget.end(response, body);
  };
  const replyJson = (response: ServerResponse, status: number, body: unknown) =>
    reply(response, status, { ...API_HEADERS, 'Content-Type': 'application/json' }, JSON.stringify(body));
  const refuse = (response: ServerResponse, refusal: Refusal) =>
    replyJson(response, refusal.status, { ok: false, error: { code: refusal.code, message: refusal.message } });

  const handleHttpApi = async (name: string, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') return refuse(response, { status: 405, code: 'malformed', message: 'use POST with a JSON body' });
    const body = await readBody(request);
    if (!body) return refuse(response, { status: 413, code: 'too-large', message: `a request may be at most ${MAX_MESSAGE_BYTES} bytes` });
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return refuse(response, { status: 400, code: 'malformed', message: 'the body must be JSON' });
    }
    const envelope = await service.respond(name, input);
    replyJson(response, statusOf(envelope), envelope);
  };

  const handleHttp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!httpBudget.admit(request.socket)) return;
    const target = parseRequestTarget(request.url);
    if (!target) return refuse(response, badTarget(request.url));
    const wrongHost = hostHeaderDenied(request, loopbackHosts(port));
    if (wrongHost) return refuse(response, wrongHost);
    if (target.pathname.startsWith('/api/')) {
      const denied = accessDenied(request, target, token, allowedOrigins());
      if (denied) return refuse(response, denied);
      return handleHttpApi(target.pathname.slice('/api/'.length), request, response);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, { status: 405, code: 'malformed', message: 'only GET and HEAD serve pages' });
    const content = staticContent(rendererDir, target.pathname);
    reply(response, 200, { ...pageHeaders(port), 'Content-Type': content.contentType }, content.body);
  };

  const server = createServer((request, response) => {
    // A client that resets mid-request must not become an unhandled 'error' event.
    request.on('error', () => response.destroy());
    response.on('error', () => response.destroy());
    void handleHttp(request, response).catch((error: unknown) => {
      try {
        if (response.headersSent) return void response.destroy();
        refuse(response, { status: 500, code: 'internal', message: `the host failed on this request: ${(error as Error)?.message ?? String(error)}` });
      } catch {
        response.destroy();
      }
    });
  });

  const acceptSocket = (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('message', (data) => {
      void handleSocketMessage(service, ws, data, maxQueuedBytes).catch((error: unknown) =>
        sendBounded(ws, JSON.stringify(errorReply(null, { code: 'internal', message: (error as Error)?.message ?? String(error) })), maxQueuedBytes),
      );
    });
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client may reset while it is being refused; unhandled, that error would stop the host.
    socket.on('error', () => socket.destroy());
    try {
      const target = parseRequestTarget(request.url);
      const denied = !target
        ? badTarget(request.url)
        : (hostHeaderDenied(request, loopbackHosts(port)) ??
          (target.pathname === WEBSOCKET_PATH ? accessDenied(request, target, token, allowedOrigins()) : { status: 404, code: 'not-found', message: `the WebSocket lives at ${WEBSOCKET_PATH}` }));
      if (denied) return refuseUpgrade(socket, denied);
      wss.handleUpgrade(request, socket, head, acceptSocket);
    } catch (error) {
      try {
        refuseUpgrade(socket, { status: 500, code: 'internal', message: `the host failed on this request: ${(error as Error)?.message ?? String(error)}` });
      } catch {
        socket.destroy();
      }
    }
  });

  const unsubscribe = service.subscribe((name, payload) => {
    let text: string;
    try {
      text = JSON.stringify({ type: 'event', name, payload } satisfies WireServerMessage);
    } catch {
      return;
    }
    for (const ws of sockets) sendBounded(ws, text, maxQueuedBytes);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  // Past listening, a server error (accept failing when a flood of connections uses up the open files) must not stop the host.
  server.on('error', (error) => console.error(`workbench host: ${error.message} (still serving)`));

  return {
    url: `http://${HOST}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    },
  };
}
