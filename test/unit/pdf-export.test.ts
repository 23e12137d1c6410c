import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smokePreset } from '../../src/shared/presets.ts';
import { ApiError } from '../../src/shared/errors.ts';
import { fixtureSummary } from './export-fixtures.ts';

type Handler = (...args: unknown[]) => unknown;

interface StandInWindow {
  options: Record<string, unknown>;
  events: Map<string, Handler>;
  loadedPath?: string;
  loadedHtml?: string;
  printOptions?: Record<string, unknown>;
  destroyed: boolean;
}

const windows: StandInWindow[] = [];
let printFails = false;

// A stand-in for electron: a hidden window that "prints" by wrapping the page it loaded in a PDF header.
vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    private readonly record: StandInWindow;
    constructor(options: Record<string, unknown>) {
      const record: StandInWindow = { options, events: new Map(), destroyed: false };
      this.record = record;
      windows.push(record);
      this.webContents = {
        on: (name: string, handler: Handler) => record.events.set(name, handler),
        setWindowOpenHandler: () => undefined,
        loadFile: (path: string) => {
          record.loadedPath = path;
          record.loadedHtml = readFileSync(path, 'utf8');
          return Promise.resolve();
        },
        printToPDF: (options: Record<string, unknown>) => {
          record.printOptions = options;
          if (printFails) return Promise.reject(new Error('printing failed'));
          return Promise.resolve(new Uint8Array(Buffer.from(`%PDF-1.7\n${record.loadedHtml?.length ?? 0}\n%%EOF`)));
        },
      };
    }
    destroy(): void {
      this.record.destroyed = true;
    }
  }
  return { BrowserWindow, session: {}, shell: {} };
});

const { printReportPdf } = await import('../../src/main/window.ts');
const { openStore } = await import('../../src/main/store/store.ts');
const { WorkbenchService } = await import('../../src/main/service/service.ts');

describe('PDF export', () => {
  let dir: string;
  let desktop: InstanceType<typeof WorkbenchService>;
  let host: InstanceType<typeof WorkbenchService>;
  let done: number;
  let running: number;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-pdf-'));
    const store = openStore(join(dir, 'history.db'));
    done = store.createExperiment({ config: smokePreset, name: 'Finished smoke' });
    const summary = fixtureSummary();
    store.writeBatch(done, { backend: summary.backend, arms: Object.values(summary.arms), metrics: [], evaluations: [], summary });
    store.setStatus(done, 'done');
    running = store.createExperiment({ config: smokePreset, name: 'Not done' });
    desktop = new WorkbenchService({ store, printPdf: printReportPdf });
    host = new WorkbenchService({ store });
  });

  afterAll(async () => {
    await desktop.close();
    await host.close();
    desktop.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the HTML report in a hidden, script-less window and returns the PDF', async () => {
    const file = await desktop.request('exportExperiment', { id: done, format: 'pdf' });
    expect(file.fileName).toBe(`experiment-${done}-finished-smoke.pdf`);
    expect(file.mimeType).toBe('application/pdf');
    const bytes = Buffer.from(file.base64 ?? '', 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const window = windows.at(-1)!;
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    expect((window.options.webPreferences as Record<string, unknown>).preload).toBeUndefined();
    // The page printed is the same report the HTML export gives, and the PDF came from it.
    const html = await desktop.request('exportExperiment', { id: done, format: 'html' });
    expect(window.loadedHtml).toBe(html.text);
    expect(window.loadedHtml).toContain('Finished smoke');
    expect(bytes.toString('latin1')).toContain(`\n${html.text!.length}\n`);
    expect(window.printOptions).toMatchObject({ pageSize: 'A4', printBackground: true });
    // Its temporary file is gone and the window is destroyed.
    expect(existsSync(window.loadedPath!)).toBe(false);
    expect(window.destroyed).toBe(true);
  });

  it('destroys the hidden window when printing fails', async () => {
    printFails = true;
    try {
      await expect(desktop.request('exportExperiment', { id: done, format: 'pdf' })).rejects.toThrow('printing failed');
    } finally {
      printFails = false;
    }
    expect(windows.at(-1)!.destroyed).toBe(true);
  });

  it('needs a finished run, and says a PDF needs the desktop app where nothing can print', async () => {
    const unfinished = await desktop.request('exportExperiment', { id: running, format: 'pdf' }).catch((e: ApiError) => e);
    expect(unfinished).toBeInstanceOf(ApiError);
    expect((unfinished as ApiError).code).toBe('conflict');
    expect((unfinished as ApiError).message).toContain('has no results yet');

    const before = windows.length;
    const refused = await host.request('exportExperiment', { id: done, format: 'pdf' }).catch((e: ApiError) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('conflict');
    expect((refused as ApiError).message).toMatch(/PDF export needs the desktop app.*print it to PDF/);
    expect(windows.length).toBe(before);
  });
});
