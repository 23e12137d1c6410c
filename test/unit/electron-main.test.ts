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
    isDestroyed(): boolean {
      return false;
    }
    destroy(): void {}
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
    ipcMain: { handle: noop, removeHandler: noop, on: noop, removeListener: noop },
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

/** Runs src/main/index.ts once, as Electron would start it, and gives the URLs its two windows loaded: the workbench's, then the hidden engine window's. */
async function startMain(isPackaged: boolean): Promise<[string, string]> {
  app.isPackaged = isPackaged;
  seen.loaded = [];
  vi.resetModules();
  await import('../../src/main/index.ts');
  for (let waited = 0; seen.loaded.length < 2; waited += 10) {
    if (waited > 10_000) throw new Error(`the main process opened ${seen.loaded.length} of its 2 windows`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const engine = seen.loaded.filter((url) => url.endsWith('engine.html'));
  const workbench = seen.loaded.filter((url) => !url.endsWith('engine.html'));
  expect([workbench.length, engine.length]).toEqual([1, 1]);
  return [workbench[0], engine[0]];
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
    expect(await startMain(true)).toEqual(['app://workbench/index.html', 'app://workbench/engine.html']);
  });

  it('loads the dev server named by ELECTRON_RENDERER_URL when the app is not packaged', async () => {
    expect(await startMain(false)).toEqual(['http://localhost:5173/', 'http://localhost:5173/engine.html']);
  });
});
