import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost, type HostService, type RunningHost } from '../../src/main/host/host.ts';
import { rawRequest } from './fixtures/raw-http.ts';

const root = resolve(import.meta.dirname, '../..');
const TOKEN = 'hostile-requests-test-token';

/** `workbench serve` in its own process, as a user runs it: a request that stopped it shows as an exit, not as a broken test runner. */
function serve(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!DOCTYPE html><title>renderer</title>');
  return new Promise((done, fail) => {
    const args = ['serve', '--db', join(dir, 'history.db'), '--port', '0', '--token', TOKEN, '--renderer', renderer];
    const child = spawn(process.execPath, [join(root, 'bin', 'workbench.js'), ...args], { cwd: root });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const port = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1];
      if (port) done({ child, port: Number(port) });
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => fail(new Error(`workbench serve exited (${code}) before serving: ${output}`)));
  });
}

/**
 * Requests any web page can make a browser send to the loopback port (an <img> pointing at
 * it, a rebound DNS name): each is refused on its own, and the host goes on serving.
 */
interface HostileCase {
  name: string;
  /** The request line and headers; PORT and TOKEN are filled in, the blank line is added. */
  request: (port: number, token: string) => string;
  status: number;
  /** A fragment of the reply body that says what was wrong. */
  says?: string;
  /** The reply is the host's own (not Node's parser's), so it carries the host's headers. */
  hostReply: boolean;
}

const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
const api = (target: string, host: (port: number) => string) => (port: number, token: string) =>
  `POST ${target} HTTP/1.1\r\nHost: ${host(port)}\r\nAuthorization: Bearer ${token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;
const get = (target: string, host: (port: number) => string | undefined, version = '1.1') => (port: number) =>
  `GET ${target} HTTP/${version}\r\n${host(port) === undefined ? '' : `Host: ${host(port)}\r\n`}Connection: close\r\n\r\n`;
const upgrade = (target: (port: number, token: string) => string, host: (port: number) => string) => (port: number, token: string) =>
  `GET ${target(port, token)} HTTP/1.1\r\nHost: ${host(port)}\r\n${UPGRADE}\r\n\r\n`;
const own = (port: number) => `127.0.0.1:${port}`;

const cases: HostileCase[] = [
  { name: 'a protocol-relative target with a bad port (//a:b)', request: get('//a:b', own), status: 400, says: 'not a valid URL path', hostReply: true },
  { name: 'an absolute target the parser rejects (http://[)', request: get('http://[', own), status: 400, says: 'not a valid URL path', hostReply: true },
  { name: 'an absolute target with a port out of range', request: get('http://127.0.0.1:99999/', own), status: 400, says: 'not a valid URL path', hostReply: true },
  { name: 'an API call whose target the parser rejects', request: api('//x:-1/api/listPresets', own), status: 400, says: 'not a valid URL path', hostReply: true },
  { name: 'an absurd target of bad escapes', request: get(`/${'%'.repeat(4000)}`, own), status: 200, hostReply: true },
  { name: 'a target longer than the header limit', request: get(`/${'a'.repeat(20_000)}`, own), status: 431, hostReply: false },
  { name: 'a page on a rebound DNS name (Host: evil.example)', request: get('/', (port) => `evil.example:${port}`), status: 403, says: 'Host header is \\"evil.example', hostReply: true },
  { name: 'an API call with the token under a foreign Host', request: api('/api/listPresets', (port) => `attacker.test:${port}`), status: 403, says: 'Host header', hostReply: true },
  { name: 'the right name on another port', request: get('/', () => '127.0.0.1:1'), status: 403, says: 'Host header', hostReply: true },
  { name: 'no Host header at all (HTTP/1.0)', request: get('/', () => undefined, '1.0'), status: 403, says: 'Host header is missing', hostReply: true },
  { name: 'a WebSocket upgrade to //a:b', request: upgrade(() => '//a:b', own), status: 400, says: 'not a valid URL path', hostReply: true },
  { name: 'a WebSocket upgrade to http://[', request: upgrade(() => 'http://[', own), status: 400, says: 'not a valid URL path', hostReply: true },
  { name: 'a WebSocket upgrade to a port out of range', request: upgrade((_port, token) => `http://127.0.0.1:70000/ws?token=${token}`, own), status: 400, hostReply: true },
  { name: 'a WebSocket upgrade with the token under a foreign Host', request: upgrade((_port, token) => `/ws?token=${token}`, (port) => `rebound.example:${port}`), status: 403, says: 'Host header', hostReply: true },
];

/** Names a page on this host's own loopback names sends: they are served. */
const ownNames = [(port: number) => `localhost:${port}`, (port: number) => `LOCALHOST:${port}`, (port: number) => `[::1]:${port}`, own];

describe('a host under hostile requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-hostile-'));
  const host = { port: 0, token: TOKEN };
  let child: ChildProcess;
  let exited: string | undefined;

  beforeAll(async () => {
    ({ child, port: host.port } = await serve(dir));
    child.on('exit', (code, signal) => (exited = `the host exited (code ${code}, signal ${signal})`));
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) await new Promise((stopped) => child.once('exit', stopped).kill('SIGINT'));
    rmSync(dir, { recursive: true, force: true });
  });

  async function stillServes(): Promise<void> {
    expect(exited).toBeUndefined();
    const reply = await fetch(`http://127.0.0.1:${host.port}/api/listPresets`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: '{}' });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { output: { presets: { name: string }[] } }).output.presets.map((p) => p.name)).toContain('paper');
  }

  it.each(cases)('$name: $status, and the host still answers', { timeout: 15_000 }, async ({ request, status, says, hostReply }) => {
    const reply = await rawRequest(host.port, request(host.port, host.token));
    expect(reply.status).toBe(status);
    if (says) expect(reply.body).toContain(says);
    if (hostReply) {
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['content-security-policy']).toMatch(status === 200 ? /frame-ancestors 'none'/ : /^default-src 'none'; frame-ancestors 'none'$/);
    }
    await stillServes();
  });

  it.each(ownNames)('serves API calls and pages under its own loopback names (%#)', { timeout: 15_000 }, async (name) => {
    const page = await rawRequest(host.port, get('/', name)(host.port));
    expect(page.status).toBe(200);
    const call = await rawRequest(host.port, api('/api/listPresets', name)(host.port, host.token));
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toMatchObject({ ok: true });
  });

  it('sends nosniff and a CSP that allows nothing on API replies', async () => {
    const reply = await fetch(`http://127.0.0.1:${host.port}/api/listPresets`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: '{}' });
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const refused = await fetch(`http://127.0.0.1:${host.port}/api/listPresets`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(refused.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

/** A service whose answers cannot be sent (a BigInt does not serialize), or that throws. */
function failingService(): HostService & { emit(payload: unknown): void } {
  const listeners = new Set<(name: never, payload: never) => void>();
  return {
    async respond(name: string) {
      if (name === 'throws') throw new Error('the service broke');
      if (name === 'unserializable') return { ok: true, output: { n: 1n } };
      return { ok: true, output: { fine: true } };
    },
    subscribe(listener) {
      listeners.add(listener as never);
      return () => listeners.delete(listener as never);
    },
    emit(payload: unknown) {
      for (const listener of listeners) listener('experiment-changed' as never, payload as never);
    },
  };
}

describe('a host whose handlers fail', () => {
  const service = failingService();
  let host: RunningHost;
  beforeAll(async () => void (host = await startHost({ service })));
  afterAll(() => host.close());

  const call = (name: string) => fetch(`http://127.0.0.1:${host.port}/api/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: '{}' });

  it.each(['throws', 'unserializable'])('answers a request whose handler fails (%s) with a 500 naming the failure, for that request only', { timeout: 15_000 }, async (name) => {
    const reply = await call(name);
    expect(reply.status).toBe(500);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(await reply.json()).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/the service broke|BigInt/) } });
    expect(await (await call('fine')).json()).toEqual({ ok: true, output: { fine: true } });
  });

  it('skips an event that cannot be serialized instead of throwing into the service', () => {
    expect(() => service.emit({ n: 1n })).not.toThrow();
  });
});
