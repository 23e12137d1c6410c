import { describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

const created: { options: Record<string, unknown>; events: Map<string, Handler>; openHandler?: Handler; loaded?: string }[] = [];
let headersHook: Handler | undefined;
let permissionHook: Handler | undefined;
let appHandler: ((request: { url: string }) => Promise<Response>) | undefined;
const privileged: unknown[] = [];
const openExternal = vi.fn(async () => undefined);

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    private readonly record: (typeof created)[number];
    constructor(options: Record<string, unknown>) {
      this.record = { options, events: new Map() };
      created.push(this.record);
      const record = this.record;
      this.webContents = {
        on: (name: string, handler: Handler) => record.events.set(name, handler),
        setWindowOpenHandler: (handler: Handler) => (record.openHandler = handler),
      };
    }
    once(): void {}
    loadFile(path: string) {
      this.record.loaded = `file://${path}`;
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded = url;
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
      handle: (_scheme: string, handler: typeof appHandler) => (appHandler = handler),
    },
    shell: { openExternal },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (hook: Handler) => (headersHook = hook) },
        setPermissionRequestHandler: (hook: Handler) => (permissionHook = hook),
      },
    },
  };
});

const { createMainWindow, CONTENT_SECURITY_POLICY } = await import('../../src/main/window.ts');
const { registerAppScheme, serveRendererOverAppScheme } = await import('../../src/main/app-protocol.ts');

describe('the app window', () => {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs' });
  const window = created[0];

  it('is isolated, sandboxed and without Node', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/out/preload/index.cjs',
    });
    expect(window.loaded).toBe('app://workbench/index.html');
  });

  it('serves the built renderer from app://workbench/ with a strict CSP, and nothing outside it', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'wb-app-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<title>app</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'main.js'), 'export {}');
    writeFileSync(join(dir, 'private.txt'), 'secret');
    registerAppScheme();
    expect(privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    serveRendererOverAppScheme(join(dir, 'renderer'), CONTENT_SECURITY_POLICY);
    const script = await appHandler!({ url: 'app://workbench/assets/main.js' });
    expect(script.headers.get('content-type')).toContain('javascript');
    const csp = script.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(await (await appHandler!({ url: 'app://workbench/..%2Fprivate.txt' })).text()).toBe('<title>app</title>');
    expect((await appHandler!({ url: 'app://elsewhere/index.html' })).status).toBe(404);
    rmSync(dir, { recursive: true, force: true });
  });

  it('denies permission requests, and sets the CSP on dev-server responses only in dev', () => {
    expect(headersHook).toBeUndefined();
    createMainWindow({ preloadPath: '/p.cjs', devServerUrl: 'http://localhost:5173' });
    let headers: Record<string, string[]> = {};
    headersHook!({ responseHeaders: {} }, (result: { responseHeaders: Record<string, string[]> }) => (headers = result.responseHeaders));
    expect(headers['Content-Security-Policy'][0]).toContain("connect-src 'self' ws://localhost:5173");
    expect(created[1].loaded).toBe('http://localhost:5173');
    const answer = vi.fn();
    permissionHook!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
  });

  it('blocks navigation away from the app, sending web links to the system browser', () => {
    const navigate = window.events.get('will-navigate')!;
    const away = { preventDefault: vi.fn() };
    navigate(away, 'https://example.org/paper.pdf');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledWith('https://example.org/paper.pdf');
    const local = { preventDefault: vi.fn() };
    navigate(local, 'file:///etc/passwd');
    expect(local.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(1);
    const inside = { preventDefault: vi.fn() };
    navigate(inside, 'app://workbench/index.html#/history');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('never opens new windows', () => {
    expect(window.openHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenLastCalledWith('https://github.com/');
    expect(window.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(2);
  });
});
