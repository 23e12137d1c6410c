import { describe, expect, it, vi } from 'vitest';
import { ENGINE_IPC_CHANNEL, type FromEngine } from '../../src/engine/page/protocol.ts';
import { createEngineBridge } from '../../src/preload/engine-bridge.ts';

type Handler = (...args: unknown[]) => unknown;

interface StandInWindow {
  options: { show?: boolean; webPreferences?: Record<string, unknown> };
  loaded?: string;
  destroyed: boolean;
  reloads: number;
  events: Map<string, Handler>;
  windowEvents: Map<string, Handler>;
  openHandler?: Handler;
  sent: unknown[];
  webContents: { mainFrame: { url: string } };
}

const windows: StandInWindow[] = [];
const ipcListeners = new Map<string, Handler>();

vi.mock('electron', () => {
  class BrowserWindow {
    readonly record: StandInWindow;
    readonly webContents: Record<string, unknown> & { mainFrame: { url: string } };
    constructor(options: StandInWindow['options']) {
      const record: StandInWindow = { options, destroyed: false, reloads: 0, events: new Map(), windowEvents: new Map(), sent: [], webContents: undefined as never };
      this.record = record;
      this.webContents = {
        mainFrame: { url: '' },
        on: (name: string, handler: Handler) => record.events.set(name, handler),
        setWindowOpenHandler: (handler: Handler) => (record.openHandler = handler),
        send: (channel: string, message: unknown) => record.sent.push({ channel, message }),
        reload: () => record.reloads++,
      };
      record.webContents = this.webContents;
      windows.push(record);
    }
    on(name: string, handler: Handler) {
      this.record.windowEvents.set(name, handler);
    }
    loadURL(url: string) {
      this.record.loaded = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return this.record.destroyed;
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return {
    BrowserWindow,
    ipcMain: {
      on: (channel: string, listener: Handler) => ipcListeners.set(channel, listener),
      removeListener: (channel: string, listener: Handler) => {
        if (ipcListeners.get(channel) === listener) ipcListeners.delete(channel);
      },
    },
  };
});

const { openEngineWindow } = await import('../../src/main/engine-window/engine-window.ts');

const PAGE = 'app://workbench/engine.html';

function open() {
  const engine = openEngineWindow({ preloadPath: '/app/out/preload/engine.cjs', pageUrl: PAGE, isPageUrl: (url) => new URL(url).origin === new URL(PAGE).origin });
  const record = windows.at(-1)!;
  const fromPage = (message: FromEngine, sender: unknown = record.webContents, frame: unknown = record.webContents.mainFrame) =>
    ipcListeners.get(ENGINE_IPC_CHANNEL)!({ sender, senderFrame: frame }, message);
  return { engine, record, fromPage };
}

describe('the hidden engine window (stand-in electron)', () => {
  it('is hidden, isolated, sandboxed, without Node, not throttled, and loads only the engine page', () => {
    const { record, engine } = open();
    expect(record.options.show).toBe(false);
    expect(record.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/engine.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      backgroundThrottling: false,
    });
    expect(record.loaded).toBe(PAGE);
    const navigation = { preventDefault: vi.fn() };
    record.events.get('will-navigate')!(navigation, 'https://example.com/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    record.events.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(record.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    engine.close();
  });

  it("hears only its own page's main frame, and sends nothing before the page is ready", () => {
    const { engine, record, fromPage } = open();
    const heard: FromEngine[] = [];
    engine.onMessage((message) => heard.push(message));
    engine.send({ type: 'probe' });
    expect(record.sent).toEqual([]);
    fromPage({ type: 'ready' }, { other: 'webContents' });
    fromPage({ type: 'ready' }, record.webContents, { url: PAGE }); // a subframe, even on the same URL
    record.webContents.mainFrame.url = 'https://example.com/';
    fromPage({ type: 'ready' });
    expect(heard).toEqual([]);
    expect(record.sent).toEqual([]);
    record.webContents.mainFrame.url = PAGE;
    fromPage({ type: 'ready' });
    expect(record.sent).toEqual([{ channel: ENGINE_IPC_CHANNEL, message: { type: 'probe' } }]);
    fromPage({ type: 'adapter', reason: 'none' });
    expect(heard.map((m) => m.type)).toEqual(['ready', 'adapter']);
    engine.close();
    expect(ipcListeners.has(ENGINE_IPC_CHANNEL)).toBe(false);
    expect(record.destroyed).toBe(true);
  });

  it('reports a crashed renderer, and reloads the page on reset, holding messages until it is ready again', () => {
    const { engine, record, fromPage } = open();
    const gone: string[] = [];
    engine.onGone((reason) => gone.push(reason));
    fromPage({ type: 'ready' });
    record.events.get('render-process-gone')!({}, { reason: 'crashed', exitCode: 139 });
    expect(gone).toEqual(['its renderer crashed, exit code 139']);
    engine.reset();
    expect(record.reloads).toBe(1);
    engine.send({ type: 'cancel' });
    expect(record.sent).toEqual([]);
    fromPage({ type: 'ready' });
    expect(record.sent).toEqual([{ channel: ENGINE_IPC_CHANNEL, message: { type: 'cancel' } }]);
    engine.close();
  });
});

describe("the engine window's preload bridge", () => {
  it('carries engine messages on the engine channel only, to one listener', () => {
    const sent: unknown[] = [];
    const listeners = new Map<string, Handler>();
    const bridge = createEngineBridge({ send: (channel, message) => sent.push([channel, message]), on: (channel, listener) => listeners.set(channel, listener) });
    bridge.send({ type: 'ready' });
    expect(sent).toEqual([[ENGINE_IPC_CHANNEL, { type: 'ready' }]]);
    const heard: unknown[] = [];
    bridge.onMessage((message) => heard.push(message));
    listeners.get(ENGINE_IPC_CHANNEL)!({ sender: 'ipc event' }, { type: 'cancel' });
    expect(heard).toEqual([{ type: 'cancel' }]);
    expect(() => bridge.onMessage(() => undefined)).toThrow(/has a listener already/);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect([...listeners.keys()]).toEqual([ENGINE_IPC_CHANNEL]);
  });
});
