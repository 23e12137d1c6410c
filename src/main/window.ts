import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';

export interface WindowOptions {
  preloadPath: string;
  /** The dev server's URL (electron-vite dev), or undefined to load the built page. */
  devServerUrl?: string;
  rendererFile: string;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function isExternalWebLink(url: string): boolean {
  return url.startsWith('https://') || url.startsWith('http://');
}

/** Decides which URLs are the app's own page. */
export function appUrlMatcher(options: WindowOptions): (url: string) => boolean {
  const fileUrl = `file://${options.rendererFile}`;
  return (url) => (options.devServerUrl ? url.startsWith(options.devServerUrl) : url.split(/[?#]/)[0] === fileUrl);
}

/** The app's one window: isolated, sandboxed, no Node, a strict CSP, no navigation away, no new windows. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const isAppUrl = appUrlMatcher(options);
  const dev = options.devServerUrl !== undefined;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    // The dev server needs its HMR socket; the built app needs nothing beyond 'self'.
    const policy = dev ? CSP.replace("connect-src 'self'", `connect-src 'self' ${options.devServerUrl!.replace(/^http/, 'ws')}`) : CSP;
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Autoencoder Workbench',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isExternalWebLink(url)) void shell.openExternal(url);
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (options.devServerUrl) void window.loadURL(options.devServerUrl);
  else void window.loadFile(options.rendererFile);
  return window;
}

export function rendererFileIn(outDir: string): string {
  return join(outDir, 'renderer', 'index.html');
}
