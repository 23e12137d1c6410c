import { BrowserWindow, session, shell } from 'electron';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol.ts';
import { renderReportPdf } from './export/report-pdf.ts';

export interface WindowOptions {
  preloadPath: string;
  /** The dev server's URL (electron-vite dev), or undefined to load the built page from app://workbench/. */
  devServerUrl?: string;
}

export const CONTENT_SECURITY_POLICY = [
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
  const own = options.devServerUrl ?? `${APP_ORIGIN}/`;
  return (url) => url.startsWith(own);
}

/** The app's one window: isolated, sandboxed, no Node, a strict CSP, no navigation away, no new windows. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const isAppUrl = appUrlMatcher(options);
  if (options.devServerUrl) {
    // The built page gets its CSP from the app:// handler; the dev server's responses get it here, plus the HMR socket.
    const policy = CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${options.devServerUrl.replace(/^http/, 'ws')}`);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
    });
  }
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
  void window.loadURL(options.devServerUrl ?? APP_INDEX_URL);
  return window;
}

/**
 * Prints a report to PDF in a hidden, throw-away window: sandboxed, no preload, no JavaScript
 * (the report is static HTML and SVG), destroyed when done or failed.
 */
export async function printReportPdf(html: string): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  try {
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const contents = window.webContents;
    return await renderReportPdf(html, { loadFile: (path) => contents.loadFile(path), printToPDF: (options) => contents.printToPDF(options) });
  } finally {
    window.destroy();
  }
}
