import { describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

const created: { options: Record<string, unknown>; events: Map<string, Handler>; openHandler?: Handler; loaded?: string }[] = [];
let headersHook: Handler | undefined;
let permissionHook: Handler | undefined;
let permissionCheckHook: Handler | undefined;
let devicePermissionHook: Handler | undefined;
let appHandler: ((request: { url: string }) => Promise<Response>) | undefined;
const privileged: unknown[] = [];
const openExternal = vi.fn(async (_url: string) => undefined);
/** The button the stand-in user clicks in the confirmation dialog: 0 Cancel, 1 Open in browser. */
let userClicks = 1;
const showMessageBox = vi.fn(async (_window: unknown, _options: { buttons: string[]; detail: string }) => ({ response: userClicks, checkboxChecked: false }));

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
    dialog: { showMessageBox },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (hook: Handler) => (headersHook = hook) },
        setPermissionRequestHandler: (hook: Handler) => (permissionHook = hook),
        setPermissionCheckHandler: (hook: Handler) => (permissionCheckHook = hook),
        setDevicePermissionHandler: (hook: Handler) => (devicePermissionHook = hook),
      },
    },
  };
});

const { appUrlMatcher, createMainWindow, devServerUrlFrom, CONTENT_SECURITY_POLICY } = await import('../../src/main/window.ts');

/** Lets the confirmation dialog's promise and the open that follows it settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
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

  it('blocks navigation away from the app; a web link opens in the system browser only once the user confirms it', async () => {
    const navigate = window.events.get('will-navigate')!;
    const away = { preventDefault: vi.fn() };
    userClicks = 1;
    navigate(away, 'https://example.org/paper.pdf');
    expect(away.preventDefault).toHaveBeenCalled();
    await settle();
    expect(showMessageBox).toHaveBeenCalledTimes(1);
    expect(showMessageBox.mock.calls[0][1]).toMatchObject({ detail: 'https://example.org/paper.pdf', buttons: ['Cancel', 'Open in browser'], cancelId: 0, defaultId: 0 });
    expect(openExternal).toHaveBeenCalledWith('https://example.org/paper.pdf');

    userClicks = 0;
    const declined = { preventDefault: vi.fn() };
    navigate(declined, 'http://example.org/elsewhere');
    await settle();
    expect(declined.preventDefault).toHaveBeenCalled();
    expect(showMessageBox).toHaveBeenCalledTimes(2);
    expect(openExternal).toHaveBeenCalledTimes(1);

    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.c', 'smb://share/x', 'not a url']) {
      const local = { preventDefault: vi.fn() };
      navigate(local, url);
      await settle();
      expect(local.preventDefault).toHaveBeenCalled();
    }
    expect(showMessageBox).toHaveBeenCalledTimes(2);
    expect(openExternal).toHaveBeenCalledTimes(1);
    const inside = { preventDefault: vi.fn() };
    navigate(inside, 'app://workbench/index.html#/history');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('never opens new windows; their web links too go to the browser only after confirming', async () => {
    userClicks = 1;
    expect(window.openHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    await settle();
    expect(openExternal).toHaveBeenLastCalledWith('https://github.com/');
    expect(window.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await settle();
    expect(openExternal).toHaveBeenCalledTimes(2);
    expect(showMessageBox).toHaveBeenCalledTimes(3);
  });

  it('denies every permission check and device request (the app needs none)', () => {
    for (const permission of ['clipboard-read', 'clipboard-sanitized-write', 'media', 'notifications', 'geolocation', 'hid', 'serial', 'usb', 'fullscreen']) {
      expect(permissionCheckHook!({}, permission, 'app://workbench', {})).toBe(false);
      const answer = vi.fn();
      permissionHook!({}, permission, answer, {});
      expect(answer).toHaveBeenCalledWith(false);
    }
    expect(devicePermissionHook!({ deviceType: 'usb', origin: 'app://workbench' })).toBe(false);
  });

  it('treats as its own page only URLs of exactly the origin it loads', () => {
    const dev = appUrlMatcher({ preloadPath: '/p.cjs', devServerUrl: 'http://localhost:5173' });
    expect(dev('http://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5173/#/history')).toBe(true);
    for (const foreign of ['http://localhost:51730/', 'http://localhost:5173.evil.example/', 'http://localhost:5173@evil.example/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'http://localhost:5174/', 'garbage']) {
      expect(dev(foreign), foreign).toBe(false);
    }
    const built = appUrlMatcher({ preloadPath: '/p.cjs' });
    expect(built('app://workbench/index.html#/compare')).toBe(true);
    for (const foreign of ['app://workbench.evil/index.html', 'app://workbenchx/', 'app://evil@workbench/', 'file:///app://workbench/', 'http://workbench/']) {
      expect(built(foreign), foreign).toBe(false);
    }
  });

  it('takes the dev server from ELECTRON_RENDERER_URL only when the app is not packaged, and only an http(s) URL', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    expect(devServerUrlFrom(env, false)).toBe('http://localhost:5173/');
    expect(devServerUrlFrom(env, true)).toBeUndefined();
    expect(devServerUrlFrom({}, false)).toBeUndefined();
    expect(() => devServerUrlFrom({ ELECTRON_RENDERER_URL: 'file:///tmp/evil/index.html' }, false)).toThrow(/ELECTRON_RENDERER_URL must be the dev server's http\(s\) URL \(got "file:\/\/\/tmp\/evil\/index.html"\)/);
    expect(() => devServerUrlFrom({ ELECTRON_RENDERER_URL: 'file:///tmp/evil/index.html' }, true)).not.toThrow();
  });
});
