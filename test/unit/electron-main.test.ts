import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Handler = (...args: unknown[]) => unknown;

/** What the stand-in electron saw of one start of the main process. */
const seen = { loaded: [] as string[], appEvents: new Map<string, Handler>() };
const app = {
  isPackaged: true,
  userData: '',
  whenReady: async () => undefined,
  getPath: () => app.userData,
  getAppPath: () => app.userData,
  requestSingleInstanceLock: () => true,
  on: (name: string, handler: Handler) => seen.appEvents.set(name, handler),
  quit: vi.fn(),
  exit: vi.fn(),
};

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { on: () => undefined, setWindowOpenHandler: () => undefined, send: () => undefined, isDestroyed: () => false, mainFrame: { url: '' } };
    once(): void {}
    on(): void {}
    loadURL(url: string) {
      seen.loaded.push(url);
      return Promise.resolve();
    }
  }
  const noop = () => undefined;
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    ipcMain: { handle: noop, removeHandler: noop },
    protocol: { registerSchemesAsPrivileged: noop, handle: noop },
    shell: { openExternal: vi.fn() },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: noop },
        setPermissionRequestHandler: noop,
        setPermissionCheckHandler: noop,
        setDevicePermissionHandler: noop,
      },
    },
  };
});

/** Runs src/main/index.ts once, as Electron would start it, and gives the URL its window loaded. */
async function startMain(isPackaged: boolean): Promise<string> {
  app.isPackaged = isPackaged;
  seen.loaded = [];
  vi.resetModules();
  await import('../../src/main/index.ts');
  for (let waited = 0; seen.loaded.length === 0; waited += 10) {
    if (waited > 10_000) throw new Error('the main process opened no window');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return seen.loaded[0];
}

describe('the Electron main process (stand-in electron)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-main-'));
    app.userData = dir;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/');
    vi.stubEnv('WORKBENCH_DB', join(dir, 'workbench.db'));
  });

  afterEach(async () => {
    // The app's own quit path closes the service and the history.
    seen.appEvents.get('before-quit')?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app and shows the renderer packed with it', async () => {
    expect(await startMain(true)).toBe('app://workbench/index.html');
  });

  it('loads the dev server named by ELECTRON_RENDERER_URL when the app is not packaged', async () => {
    expect(await startMain(false)).toBe('http://localhost:5173/');
  });
});
