import { BrowserWindow, dialog, session, shell } from 'electron';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol.ts';
import { renderReportPdf } from './export/report-pdf.ts';
import { isolatedWebPreferences } from './isolated-web-preferences.ts';

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

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The dev server's URL (ELECTRON_RENDERER_URL, set by electron-vite dev), honoured only in an
 * unpackaged app: a packaged one always shows the renderer packed with it.
 */
export function devServerUrlFrom(env: NodeJS.ProcessEnv, isPackaged: boolean): string | undefined {
  const value = env.ELECTRON_RENDERER_URL;
  if (isPackaged || value === undefined || value === '') return undefined;
  const protocol = parseUrl(value)?.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`ELECTRON_RENDERER_URL must be the dev server's http(s) URL (got ${JSON.stringify(value)})`);
  return value;
}

/** Decides which URLs are the app's own page: the same scheme, host and port as the page it loads, nothing that merely starts alike. */
export function appUrlMatcher(options: WindowOptions): (url: string) => boolean {
  const own = new URL(options.devServerUrl ?? `${APP_ORIGIN}/`);
  return (url) => {
    const given = parseUrl(url);
    return given !== undefined && given.protocol === own.protocol && given.host === own.host && given.username === '' && given.password === '';
  };
}

/** Opens an http(s) link in the system browser once the user agrees; any other link is dropped. */
export async function openExternalAfterConfirming(window: BrowserWindow, url: string): Promise<boolean> {
  const link = parseUrl(url);
  if (!link || (link.protocol !== 'http:' && link.protocol !== 'https:')) return false;
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    buttons: ['Cancel', 'Open in browser'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    message: 'Open this link in your web browser?',
    detail: link.href,
  });
  if (response !== 1) return false;
  await shell.openExternal(link.href);
  return true;
}

/** No page of the app needs a camera, notifications, the clipboard, devices or any other permission. */
function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
}

/**
 * The app's one window: isolated, sandboxed, no Node, a strict CSP, no permissions, no navigation
 * away, no new windows; web links go to the system browser after the user confirms.
 */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const isAppUrl = appUrlMatcher(options);
  if (options.devServerUrl) {
    // The built page gets its CSP from the app:// handler; the dev server's responses get it here, plus the HMR socket.
    const policy = CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${options.devServerUrl.replace(/^http/, 'ws')}`);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
    });
  }
  denyAllPermissions();

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Autoencoder Workbench',
    webPreferences: isolatedWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  const openExternal = (url: string) => void openExternalAfterConfirming(window, url).catch(() => undefined);
  window.webContents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternal(url);
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
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
