import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as connectTcp } from 'node:net';
import WebSocket from 'ws';
import { startHost, type HostService, type RunningHost } from '../../src/main/host/host.ts';

/** Each reply and event is this big: 400 of them are far more than the cap below plus what the kernel buffers. */
const REPLY_BYTES = 50_000;
const MAX_QUEUED_BYTES = 2 ** 20;
const REQUESTS = 400;
const TOTAL_BYTES = REQUESTS * REPLY_BYTES;

/** A service that answers `big` with REPLY_BYTES of text and counts what it answered; events on demand. */
function bulkyService() {
  const listeners = new Set<(name: never, payload: never) => void>();
  const service = {
    answered: 0,
    async respond(name: string) {
      service.answered++;
      return name === 'big' ? { ok: true as const, output: { text: 'x'.repeat(REPLY_BYTES) } } : { ok: true as const, output: { small: true } };
    },
    subscribe(listener: Parameters<HostService['subscribe']>[0]) {
      listeners.add(listener as never);
      return () => void listeners.delete(listener as never);
    },
    emit(payload: unknown) {
      for (const listener of listeners) listener('experiment-changed' as never, payload as never);
    },
  };
  return service;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resumes a paused client and reads everything up to the close, or until `timeoutMs` passes. */
function drain(ws: WebSocket, timeoutMs = 8000): Promise<{ messages: number; bytes: number; code?: number; reason?: string }> {
  return new Promise((resolve) => {
    const seen = { messages: 0, bytes: 0 };
    ws.on('message', (data: Buffer) => {
      seen.messages++;
      seen.bytes += data.length;
    });
    const timer = setTimeout(() => resolve(seen), timeoutMs);
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ ...seen, code, reason: reason.toString() });
    });
    ws.resume();
  });
}

const until = async (condition: () => boolean, what: string) => {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - started > 8000) throw new Error(`timed out waiting for ${what}`);
  }
};

/** Waits until `count` stops changing for 200 ms: the host has taken all it will of a burst. */
const settled = async (count: () => number) => {
  for (let last = -1, still = 0; still < 4; await new Promise((r) => setTimeout(r, 50))) {
    still = count() === last ? still + 1 : 0;
    last = count();
  }
};

describe('a client that does not read its replies', () => {
  const service = bulkyService();
  let host: RunningHost;
  let socketUrl: string;

  beforeAll(async () => {
    host = await startHost({ service, maxQueuedBytes: MAX_QUEUED_BYTES });
    socketUrl = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`;
  });
  afterAll(() => host.close());

  const ask = (ws: WebSocket, id: number, name: string) =>
    new Promise<{ id: number; ok: boolean }>((resolve) => {
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; id: number; ok: boolean };
        if (message.type !== 'response' || message.id !== id) return;
        ws.off('message', onMessage);
        resolve(message);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'request', id, name, input: {} }));
    });

  it('over WebSocket is closed with a reason once its queue passes the cap; another client is served', async () => {
    const slow = await open(socketUrl);
    const reader = await open(socketUrl);
    slow.pause();
    const before = service.answered;
    for (let id = 0; id < REQUESTS; id++) slow.send(JSON.stringify({ type: 'request', id, name: 'big', input: {} }));
    await until(() => service.answered > before, 'the host to take the first request');
    await settled(() => service.answered);
    expect(await ask(reader, 1, 'small')).toMatchObject({ id: 1, ok: true });

    const got = await drain(slow);
    expect(got.code).toBe(1008);
    expect(got.reason).toMatch(/^client not reading: \d+\.\d MiB of replies unread \(limit 1\.0 MiB\)$/);
    // What reached the client is what the kernel had taken plus at most the cap and one reply: not the whole 20 MB.
    expect(got.bytes).toBeLessThan(TOTAL_BYTES / 2);
    expect(got.messages).toBeLessThan(REQUESTS / 2);
    expect(await ask(reader, 2, 'big')).toMatchObject({ id: 2, ok: true });
    reader.close();
  });

  it('over WebSocket is closed when events pile up unread, while a reading client gets every event', async () => {
    const slow = await open(socketUrl);
    const reader = await open(socketUrl);
    slow.pause();
    let readerEvents = 0;
    reader.on('message', (data: Buffer) => void (JSON.parse(data.toString()).type === 'event' && readerEvents++));
    // Events come one per turn of the event loop, as a run's do, so a reading client keeps up.
    for (let n = 0; n < REQUESTS; n++) {
      service.emit({ experimentId: 1, change: 'updated', padding: 'x'.repeat(REPLY_BYTES) });
      await new Promise((r) => setImmediate(r));
    }
    await until(() => readerEvents === REQUESTS, 'the reading client to get every event');
    const got = await drain(slow);
    expect(got.code).toBe(1008);
    expect(got.bytes).toBeLessThan(TOTAL_BYTES / 2);
    expect(reader.readyState).toBe(WebSocket.OPEN);
    reader.close();
  });

  it('over HTTP has its connection dropped once pipelined replies pass the cap; another client is served', async () => {
    const raw = connectTcp(host.port, '127.0.0.1');
    raw.on('error', () => {});
    await new Promise<void>((ready) => raw.once('connect', () => ready()));
    raw.pause();
    const request = `POST /api/big HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Length: 2\r\n\r\n{}`;
    const before = service.answered;
    raw.write(request.repeat(REQUESTS));
    await until(() => service.answered > before, 'the host to take the first request');
    await settled(() => service.answered);
    const served = await fetch(`http://127.0.0.1:${host.port}/api/small`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: '{}' });
    expect(await served.json()).toEqual({ ok: true, output: { small: true } });

    const received = await new Promise<{ bytes: number; closed: boolean }>((resolve) => {
      let bytes = 0;
      const timer = setTimeout(() => resolve({ bytes, closed: false }), 8000);
      raw.on('data', (chunk) => (bytes += chunk.length));
      raw.once('close', () => {
        clearTimeout(timer);
        resolve({ bytes, closed: true });
      });
      raw.resume();
    });
    expect(received.closed).toBe(true);
    expect(received.bytes).toBeLessThan(TOTAL_BYTES / 2);
  });
});
