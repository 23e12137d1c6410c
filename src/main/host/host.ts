import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ApiErrorPayload } from '../../shared/errors.ts';
import { MAX_MESSAGE_BYTES, TOKEN_PARAM, WEBSOCKET_PATH, wireRequestSchema, type WireServerMessage } from '../../shared/wire.ts';
import type { WorkbenchService } from '../service/service.ts';
import { accessDenied, newToken } from './access.ts';
import { serveStatic } from './static-files.ts';

export interface HostOptions {
  service: WorkbenchService;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer); a placeholder page is served when it does not exist. */
  rendererDir?: string;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function send(socket: WebSocket, message: WireServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function errorReply(id: number | null, error: ApiErrorPayload): WireServerMessage {
  return { type: 'response', id, ok: false, error };
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; ` +
      `connect-src 'self' ws://${HOST}:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

async function handleSocketMessage(service: WorkbenchService, socket: WebSocket, data: RawData): Promise<void> {
  const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    send(socket, errorReply(null, { code: 'too-large', message: `a message may be at most ${MAX_MESSAGE_BYTES} bytes (got ${size})` }));
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
  } catch {
    send(socket, errorReply(null, { code: 'malformed', message: 'a message must be JSON: {"type":"request","id":1,"name":"...","input":{...}}' }));
    return;
  }
  const request = wireRequestSchema.safeParse(json);
  if (!request.success) {
    const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null;
    const fields = request.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
    send(socket, errorReply(id, { code: 'malformed', message: `not a request envelope: ${fields}` }));
    return;
  }
  const envelope = await service.respond(request.data.name, request.data.input);
  send(socket, { type: 'response', id: request.data.id, ...envelope });
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

async function handleHttpApi(service: WorkbenchService, name: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const json = (status: number, body: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  if (request.method !== 'POST') return void json(405, { ok: false, error: { code: 'malformed', message: 'use POST with a JSON body' } });
  const body = await readBody(request);
  if (!body) return void json(413, { ok: false, error: { code: 'too-large', message: `a request may be at most ${MAX_MESSAGE_BYTES} bytes` } });
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return void json(400, { ok: false, error: { code: 'malformed', message: 'the body must be JSON' } });
  }
  const envelope = await service.respond(name, input);
  const status = envelope.ok ? 200 : envelope.error.code === 'not-found' || envelope.error.code === 'unknown-request' ? 404 : envelope.error.code === 'internal' ? 500 : 400;
  json(status, envelope);
}

/**
 * The service over HTTP (`POST /api/<request>`) and WebSocket (`/ws`) on 127.0.0.1, plus the
 * built renderer. Every API call needs the random token; pages of other origins are refused.
 * A bad message gets an error reply on its own connection; other clients are unaffected.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { service } = options;
  const token = options.token ?? newToken();
  const rendererDir = options.rendererDir ? resolve(options.rendererDir) : undefined;
  let port = options.port ?? 0;
  const allowedOrigins = () => [`http://${HOST}:${port}`, `http://localhost:${port}`];
  const sockets = new Set<WebSocket>();
  // ws closes a connection whose frame exceeds maxPayload; below it, oversized messages get an error reply instead.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_MESSAGE_BYTES });

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    const headers = securityHeaders(port);
    if (url.pathname.startsWith('/api/')) {
      const denied = accessDenied(request, token, allowedOrigins());
      if (denied) return void response.writeHead(denied.status, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: denied.code, message: denied.message } }));
      void handleHttpApi(service, url.pathname.slice('/api/'.length), request, response).catch((error: Error) => {
        if (!response.headersSent) response.writeHead(500).end(JSON.stringify({ ok: false, error: { code: 'internal', message: error.message } }));
      });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, headers).end();
    serveStatic(rendererDir, url.pathname, response, headers);
  });

  server.on('upgrade', (request, socket, head) => {
    // A client may reset while it is being refused; unhandled, that error would stop the host.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    const denied = url.pathname === WEBSOCKET_PATH ? accessDenied(request, token, allowedOrigins()) : { status: 404, code: 'not-found', message: `the WebSocket lives at ${WEBSOCKET_PATH}` };
    if (denied) {
      socket.end(`HTTP/1.1 ${denied.status} ${denied.status === 403 ? 'Forbidden' : denied.status === 401 ? 'Unauthorized' : 'Not Found'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${denied.message}\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('message', (data) => {
        void handleSocketMessage(service, ws, data).catch((error: Error) => send(ws, errorReply(null, { code: 'internal', message: error.message })));
      });
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });

  const unsubscribe = service.subscribe((name, payload) => {
    const text = JSON.stringify({ type: 'event', name, payload } satisfies WireServerMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
