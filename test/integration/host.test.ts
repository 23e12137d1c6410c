import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { openStore } from '../../src/main/store/store.ts';
import { WorkbenchService } from '../../src/main/service/service.ts';
import { startHost, type RunningHost } from '../../src/main/host/host.ts';
import { createHostClient, hostSocketUrl, type SocketLike } from '../../src/shared/host-client.ts';
import { MAX_MESSAGE_BYTES } from '../../src/shared/wire.ts';
import type { EventPayload } from '../../src/shared/api.ts';
import { ApiError } from '../../src/shared/errors.ts';

const standIn = fileURLToPath(new URL('./fixtures/stand-in-pipeline.ts', import.meta.url));

type Reply = { type: string; id: number | null; ok?: boolean; output?: unknown; error?: { code: string; message: string } };

function connect(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextReply(ws: WebSocket): Promise<Reply> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as Reply;
      if (message.type !== 'response') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

async function ask(ws: WebSocket, text: string): Promise<Reply> {
  const reply = nextReply(ws);
  ws.send(text);
  return reply;
}

describe('loopback host', () => {
  let dir: string;
  let service: WorkbenchService;
  let host: RunningHost;
  let wsUrl: string;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wb-host-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!DOCTYPE html><title>workbench renderer</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
    service = new WorkbenchService({ store: openStore(join(dir, 'history.db')), pipelineModule: standIn });
    host = await startHost({ service, rendererDir: renderer });
    wsUrl = hostSocketUrl(host.url);
    origin = `http://127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    await host.close();
    await service.close();
    service.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a 127.0.0.1 URL carrying a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the built renderer with a CSP, and nothing outside it', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('workbench renderer');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = await fetch(`http://127.0.0.1:${host.port}/assets/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const escape = await fetch(`http://127.0.0.1:${host.port}/..%2Fsecret.txt`);
    expect(await escape.text()).not.toContain('not for the browser');
  });

  it('refuses a WebSocket without the token, with a wrong token, or from a foreign origin', async () => {
    const base = wsUrl.replace(/\?token=.*/, '');
    await expect(connect(base)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}?token=${'x'.repeat(32)}`)).rejects.toThrow('HTTP 401');
    await expect(connect(wsUrl, 'https://evil.example')).rejects.toThrow('HTTP 403');
    const ws = await connect(wsUrl, origin);
    expect((await ask(ws, JSON.stringify({ type: 'request', id: 1, name: 'listPresets', input: {} }))).ok).toBe(true);
    ws.close();
  });

  it('keeps serving when clients reset their connection while being refused', async () => {
    for (let i = 0; i < 20; i++) {
      const raw = connectTcp(host.port, '127.0.0.1');
      raw.on('error', () => {});
      await new Promise<void>((ready) => raw.once('connect', () => ready()));
      raw.write(`GET /ws?token=wrong HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16, i).toString('base64')}\r\n\r\n`);
      raw.resetAndDestroy();
    }
    await new Promise((settle) => setTimeout(settle, 300));
    const ws = await connect(wsUrl, origin);
    expect((await ask(ws, JSON.stringify({ type: 'request', id: 1, name: 'listPresets', input: {} }))).ok).toBe(true);
    ws.close();
  });

  it('answers malformed, invalid and oversized messages with an error and keeps every connection', async () => {
    const a = await connect(wsUrl, origin);
    const b = await connect(wsUrl);
    expect((await ask(a, '{not json')).error?.code).toBe('malformed');
    expect((await ask(a, JSON.stringify({ type: 'request', id: 'x', name: 'listPresets' }))).error?.message).toMatch(/id/);
    const unknown = await ask(a, JSON.stringify({ type: 'request', id: 7, name: 'rm -rf', input: {} }));
    expect(unknown).toMatchObject({ id: 7, ok: false, error: { code: 'unknown-request' } });
    const bad = await ask(a, JSON.stringify({ type: 'request', id: 8, name: 'listExperiments', input: { limit: -1 } }));
    expect(bad.error).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('limit') });
    const huge = await ask(a, JSON.stringify({ type: 'request', id: 9, name: 'setNotes', input: { id: 1, notes: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
    expect(huge.error?.code).toBe('too-large');
    expect(a.readyState).toBe(WebSocket.OPEN);
    expect((await ask(a, JSON.stringify({ type: 'request', id: 10, name: 'listBackends', input: {} }))).ok).toBe(true);
    expect((await ask(b, JSON.stringify({ type: 'request', id: 1, name: 'listExperiments', input: {} }))).ok).toBe(true);
    a.close();
    b.close();
  });

  it('offers the same API over HTTP POST with the token as a bearer header', async () => {
    const api = `http://127.0.0.1:${host.port}/api`;
    const auth = { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' };
    const ok = await fetch(`${api}/listExperiments`, { method: 'POST', headers: auth, body: '{}' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, output: { total: expect.any(Number) } });
    expect((await fetch(`${api}/listExperiments`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${api}/listExperiments`, { method: 'POST', headers: { ...auth, Origin: 'http://localhost:1' }, body: '{}' })).status).toBe(403);
    const missing = await fetch(`${api}/getExperiment`, { method: 'POST', headers: auth, body: '{"id": 999}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'not-found', message: 'experiment 999 does not exist' } });
  });

  it('runs an experiment through the host client and streams its events', async () => {
    const client = createHostClient(wsUrl, (url) => new WebSocket(url) as unknown as SocketLike);
    const states: EventPayload<'run-state'>[] = [];
    let epochs = 0;
    client.subscribe('pipeline', (p) => void (p.event.type === 'epoch' && epochs++));
    const done = new Promise<void>((resolve) => {
      client.subscribe('run-state', (s) => {
        states.push(s);
        if (s.status === 'done') resolve();
      });
    });
    const { id } = await client.invoke('createExperiment', { preset: 'smoke', name: 'via host', tags: ['remote'] });
    await done;
    expect(states.map((s) => s.status)).toEqual(['queued', 'running', 'done']);
    expect(epochs).toBe(2);
    const detail = await client.invoke('getExperiment', { id });
    expect(detail).toMatchObject({ name: 'via host', tags: ['remote'], status: 'done' });
    expect(detail.arms[0].testSSE).toBeGreaterThan(0);
    await expect(client.invoke('getExperiment', { id: 4242 })).rejects.toMatchObject({ code: 'not-found' });
    await expect(client.invoke('getExperiment', { id: 4242 })).rejects.toBeInstanceOf(ApiError);
    client.close();
  });
});
