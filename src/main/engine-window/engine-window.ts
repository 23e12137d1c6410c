import { BrowserWindow, ipcMain, type IpcMainEvent } from 'electron';
import { ENGINE_IPC_CHANNEL, type FromEngine, type ToEngine } from '../../engine/page/protocol.ts';
import { isolatedWebPreferences } from '../isolated-web-preferences.ts';
import type { EngineLink } from './engine-link.ts';

export interface EngineWindowOptions {
  /** out/preload/engine.cjs: exposes the engine channel and nothing else. */
  preloadPath: string;
  /** app://workbench/engine.html (or the dev server's engine.html). */
  pageUrl: string;
  /** True for the engine page's own URL: same scheme, host and port (see appUrlMatcher). */
  isPageUrl(url: string): boolean;
}

export interface EngineWindow extends EngineLink {
  close(): void;
}

/** Why a message on the engine channel is not the engine page's; undefined when it is. */
export function refuseEngineSender(event: Pick<IpcMainEvent, 'sender' | 'senderFrame'>, window: BrowserWindow, isPageUrl: (url: string) => boolean): string | undefined {
  if (event.sender !== window.webContents) return 'not from the engine window';
  const frame = event.senderFrame;
  if (!frame || frame !== window.webContents.mainFrame) return 'from a subframe';
  if (!isPageUrl(frame.url)) return `from a foreign page (${frame.url})`;
  return undefined;
}

/**
 * The hidden engine window: the app's own engine page (app protocol, no remote content), isolated
 * and sandboxed (WebGPU and the engine need neither Node nor a privileged renderer), not throttled
 * while hidden, no navigation, no new windows, no webviews; only its main frame on its own page is
 * heard on the engine channel. Messages wait until the page says it is ready.
 */
export function openEngineWindow(options: EngineWindowOptions): EngineWindow {
  const window = new BrowserWindow({
    show: false,
    width: 320,
    height: 240,
    title: 'Autoencoder Workbench engine',
    webPreferences: { ...isolatedWebPreferences(options.preloadPath), backgroundThrottling: false, devTools: false },
  });
  const contents = window.webContents;
  const messageListeners = new Set<(message: FromEngine) => void>();
  const goneListeners = new Set<(reason: string) => void>();
  let ready = false;
  let queued: ToEngine[] = [];

  const onIpc = (event: IpcMainEvent, message: FromEngine) => {
    if (refuseEngineSender(event, window, options.isPageUrl)) return;
    if (message?.type === 'ready') {
      ready = true;
      for (const waiting of queued.splice(0)) contents.send(ENGINE_IPC_CHANNEL, waiting);
    }
    for (const listener of [...messageListeners]) listener(message);
  };
  ipcMain.on(ENGINE_IPC_CHANNEL, onIpc);
  const gone = (reason: string) => {
    ready = false;
    for (const listener of [...goneListeners]) listener(reason);
  };
  contents.on('render-process-gone', (_event, details) => gone(`its renderer ${details.reason}${details.exitCode ? `, exit code ${details.exitCode}` : ''}`));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.on('closed', () => gone('the window closed'));
  void window.loadURL(options.pageUrl);

  return {
    send(message) {
      if (window.isDestroyed()) return;
      if (ready) contents.send(ENGINE_IPC_CHANNEL, message);
      else queued.push(message);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onGone(listener) {
      goneListeners.add(listener);
      return () => goneListeners.delete(listener);
    },
    reset() {
      if (window.isDestroyed()) return;
      ready = false;
      queued = [];
      contents.reload();
    },
    close() {
      ipcMain.removeListener(ENGINE_IPC_CHANNEL, onIpc);
      messageListeners.clear();
      goneListeners.clear();
      if (!window.isDestroyed()) window.destroy();
    },
  };
}
