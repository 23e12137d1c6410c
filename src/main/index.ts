import { app, dialog } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindIpc } from './ipc.ts';
import { electronNativeBinding } from './native-binding.ts';
import { WorkbenchService } from './service/service.ts';
import { resolveDbPath } from './store/db-path.ts';
import { openStore } from './store/store.ts';
import { APP_ENGINE_URL, registerAppScheme, serveRendererOverAppScheme } from './app-protocol.ts';
import { appUrlMatcher, CONTENT_SECURITY_POLICY, createMainWindow, devServerUrlFrom, printReportPdf } from './window.ts';
import { engineWindowChooser, probeEngineWindow, type EngineChoice } from './engine-window/choose-engine.ts';
import { openEngineWindow, type EngineWindow } from './engine-window/engine-window.ts';
import type { RunThreadChooser } from './runner/worker-protocol.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function openService(chooseThread: RunThreadChooser): WorkbenchService {
  const path = resolveDbPath({ userDataDir: app.getPath('userData') });
  const nativeBinding = electronNativeBinding(app.getAppPath());
  try {
    return new WorkbenchService({ store: openStore(path, { nativeBinding }), printPdf: printReportPdf, chooseThread });
  } catch (error) {
    const hint = nativeBinding ? '' : '\n\nbetter-sqlite3 has no build for Electron yet: run `npm run rebuild:electron` once, then start again.';
    dialog.showErrorBox('Autoencoder Workbench could not open its history', `${path}\n\n${(error as Error).message}${hint}`);
    throw error;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  serveRendererOverAppScheme(join(outDir, 'renderer'), CONTENT_SECURITY_POLICY);
  const options = {
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    devServerUrl: devServerUrlFrom(process.env, app.isPackaged),
  };
  const engine = openTrainingEngine(options.devServerUrl);
  const service = openService(engineWindowChooser(engine.window, () => engine.choice));
  const window = createMainWindow(options);
  const unbind = bindIpc(service, { webContents: window.webContents, isAppUrl: appUrlMatcher(options) });
  window.on('closed', unbind);
  // The hidden engine window would keep the app alive: closing the workbench's window quits.
  window.on('closed', () => app.quit());
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    // A run still going is left `interrupted` with its last checkpoint; the next start can resume it.
    void service.close().finally(() => {
      service.store.close();
      engine.window.close();
    });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * The hidden engine window, asked for its WebGPU adapter at start: runs go there only for a
 * hardware adapter (engine-window/choose-engine.ts); until it answers, and without one, the
 * main process trains in its worker thread.
 */
function openTrainingEngine(devServerUrl: string | undefined): { window: EngineWindow; choice: EngineChoice | undefined } {
  const window = openEngineWindow({
    preloadPath: join(outDir, 'preload', 'engine.cjs'),
    pageUrl: devServerUrl ? new URL('engine.html', devServerUrl).href : APP_ENGINE_URL,
    isPageUrl: appUrlMatcher({ preloadPath: '', devServerUrl }),
  });
  const engine: { window: EngineWindow; choice: EngineChoice | undefined } = { window, choice: undefined };
  void probeEngineWindow(window).then((choice) => {
    engine.choice = choice;
    console.info(
      choice.where === 'engine-window'
        ? `workbench: training on the GPU through Chromium's WebGPU (${choice.adapter.vendor} ${choice.adapter.architecture} ${choice.adapter.description})`.trim()
        : `workbench: training in the main process (${choice.reason})`,
    );
  });
  return engine;
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();
else
  void start().catch((error: unknown) => {
    console.error(`Autoencoder Workbench could not start: ${(error as Error)?.message ?? String(error)}`);
    app.exit(1);
  });
