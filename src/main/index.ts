import { app, dialog } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindIpc } from './ipc.ts';
import { electronNativeBinding } from './native-binding.ts';
import { WorkbenchService } from './service/service.ts';
import { resolveDbPath } from './store/db-path.ts';
import { openStore } from './store/store.ts';
import { registerAppScheme, serveRendererOverAppScheme } from './app-protocol.ts';
import { appUrlMatcher, CONTENT_SECURITY_POLICY, createMainWindow, devServerUrlFrom, printReportPdf } from './window.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function openService(): WorkbenchService {
  const path = resolveDbPath({ userDataDir: app.getPath('userData') });
  const nativeBinding = electronNativeBinding(app.getAppPath());
  try {
    return new WorkbenchService({ store: openStore(path, { nativeBinding }), printPdf: printReportPdf });
  } catch (error) {
    const hint = nativeBinding ? '' : '\n\nbetter-sqlite3 has no build for Electron yet: run `npm run rebuild:electron` once, then start again.';
    dialog.showErrorBox('Autoencoder Workbench could not open its history', `${path}\n\n${(error as Error).message}${hint}`);
    throw error;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  const service = openService();
  serveRendererOverAppScheme(join(outDir, 'renderer'), CONTENT_SECURITY_POLICY);
  const options = {
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    devServerUrl: devServerUrlFrom(process.env, app.isPackaged),
  };
  const window = createMainWindow(options);
  const unbind = bindIpc(service, { webContents: window.webContents, isAppUrl: appUrlMatcher(options) });
  window.on('closed', unbind);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    // A run still going is left `interrupted` with its last checkpoint; the next start can resume it.
    void service.close().finally(() => service.store.close());
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();
else
  void start().catch((error: unknown) => {
    console.error(`Autoencoder Workbench could not start: ${(error as Error)?.message ?? String(error)}`);
    app.exit(1);
  });
