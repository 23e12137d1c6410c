import { describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

const created: { options: Record<string, unknown>; events: Map<string, Handler>; openHandler?: Handler; loaded?: string }[] = [];
let headersHook: Handler | undefined;
let permissionHook: Handler | undefined;
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
    shell: { openExternal },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (hook: Handler) => (headersHook = hook) },
        setPermissionRequestHandler: (hook: Handler) => (permissionHook = hook),
      },
    },
  };
});

const { createMainWindow } = await import('../../src/main/window.ts');

describe('the app window', () => {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', rendererFile: '/app/out/renderer/index.html' });
  const window = created[0];

  it('is isolated, sandboxed and without Node', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/out/preload/index.cjs',
    });
    expect(window.loaded).toBe('file:///app/out/renderer/index.html');
  });

  it('sends a strict Content-Security-Policy and denies permission requests', () => {
    let headers: Record<string, string[]> = {};
    headersHook!({ responseHeaders: { 'X-Test': ['1'] } }, (result: { responseHeaders: Record<string, string[]> }) => (headers = result.responseHeaders));
    const csp = headers['Content-Security-Policy'][0];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
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
    navigate(inside, 'file:///app/out/renderer/index.html#/history');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('never opens new windows', () => {
    expect(window.openHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenLastCalledWith('https://github.com/');
    expect(window.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(2);
  });
});
