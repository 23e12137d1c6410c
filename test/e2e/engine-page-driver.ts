import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ENGINE_BRIDGE, type FromEngine, type ToEngine } from '../../src/engine/page/protocol.ts';
import { CHROMIUM_PATH } from '../support/prerequisites.ts';

/*
 * Drives the built engine page in Debian's headless Chromium the way the engine window's preload
 * and the main process do: the page gets `window.workbenchEngine` and speaks the same messages.
 * Messages cross as JSON with typed arrays tagged (Playwright's bindings carry JSON only).
 */

const TYPES: Record<string, new (values: number[]) => ArrayLike<number>> = { Float32Array, Uint8Array, Int32Array, Float64Array };

function encode(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    ArrayBuffer.isView(value) && !(value instanceof DataView) ? { __typed: value.constructor.name, values: Array.from(value as unknown as ArrayLike<number>) } : value,
  );
}

function decode(json: string): unknown {
  return JSON.parse(json, (_key, value: { __typed?: string; values?: number[] }) =>
    value && typeof value === 'object' && value.__typed && TYPES[value.__typed] ? new TYPES[value.__typed](value.values!) : value,
  );
}

const BRIDGE_SCRIPT = `(() => {
  const types = { Float32Array, Uint8Array, Int32Array, Float64Array };
  const encode = (m) => JSON.stringify(m, (k, v) => ArrayBuffer.isView(v) && !(v instanceof DataView) ? { __typed: v.constructor.name, values: Array.from(v) } : v);
  const decode = (j) => JSON.parse(j, (k, v) => v && typeof v === 'object' && v.__typed && types[v.__typed] ? new types[v.__typed](v.values) : v);
  let listener;
  const pending = [];
  window.__engineDeliver = (json) => { const m = decode(json); if (listener) listener(m); else pending.push(m); };
  window.${ENGINE_BRIDGE} = Object.freeze({
    send: (message) => window.__engineToDriver(encode(message)),
    onMessage: (l) => { listener = l; pending.splice(0).forEach((m) => l(m)); },
  });
})();`;

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

function serveFolder(folder: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    readFile(join(folder, path === '/' ? 'engine.html' : path)).then(
      (body) => response.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/engine.html` })),
  );
}

export class EnginePageDriver {
  private listeners: ((message: FromEngine) => void)[] = [];
  readonly errors: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly server: Server,
    private readonly profile: string,
  ) {}

  /** Chromium with WebGPU on (SwiftShader where there is no GPU); the page on loopback, a secure context. */
  static async open(folder: string): Promise<EnginePageDriver> {
    const { server, url } = await serveFolder(folder);
    const profile = mkdtempSync(join(tmpdir(), 'workbench-engine-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const driver = new EnginePageDriver(context, page, server, profile);
    page.on('pageerror', (error) => driver.errors.push(error.message));
    await page.exposeBinding('__engineToDriver', (_source, json: string) => {
      const message = decode(json) as FromEngine;
      for (const listener of [...driver.listeners]) listener(message);
    });
    await page.addInitScript(BRIDGE_SCRIPT);
    const ready = driver.next((m) => m.type === 'ready');
    await page.goto(url);
    await ready;
    return driver;
  }

  send(message: ToEngine): Promise<void> {
    return this.page.evaluate((json) => (globalThis as unknown as { __engineDeliver: (j: string) => void }).__engineDeliver(json), encode(message));
  }

  onMessage(listener: (message: FromEngine) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** The next message that matches. */
  next(match: (message: FromEngine) => boolean): Promise<FromEngine> {
    return new Promise((resolve) => {
      const stop = this.onMessage((message) => {
        if (!match(message)) return;
        stop();
        resolve(message);
      });
    });
  }

  async close(): Promise<void> {
    await this.context.close();
    this.server.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
