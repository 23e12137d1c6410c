import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startHost, type RunningHost } from '../../src/main/host/host.ts';
import { WorkbenchService } from '../../src/main/service/service.ts';
import { openStore, type Store } from '../../src/main/store/store.ts';
import { launchChromium } from './browser.ts';
import { rendererForTests } from './build-renderer.ts';

export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

/**
 * The real service behind the loopback host, over a history file in a scratch folder, and one
 * Chromium page. The host can be stopped and started again: on the same port and token, as
 * `workbench serve --port` restarted, so an open page can find it again.
 */
export class BrowserWorkbench {
  readonly pageErrors: string[] = [];
  private store?: Store;
  private runningService?: WorkbenchService;
  private runningHost?: RunningHost;
  private lastHost?: RunningHost;
  private browser?: Awaited<ReturnType<typeof launchChromium>>;
  private openPage?: Page;

  private constructor(
    readonly workDir: string,
    private readonly rendererDir: string,
    private readonly pipelineModule: string | undefined,
  ) {}

  /** `pipelineModule` replaces the engine (e.g. a fast stand-in); the real one runs without it. */
  static async open(options: { pipelineModule?: string } = {}): Promise<BrowserWorkbench> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const workDir = mkdtempSync(join(tmpdir(), 'workbench-e2e-'));
    const workbench = new BrowserWorkbench(workDir, await rendererForTests(join(workDir, 'renderer')), options.pipelineModule);
    await workbench.startHost();
    workbench.browser = await launchChromium();
    workbench.openPage = await workbench.browser.context.newPage();
    workbench.openPage.on('pageerror', (error) => workbench.pageErrors.push(error.message));
    return workbench;
  }

  get page(): Page {
    if (!this.openPage) throw new Error('the browser is not open');
    return this.openPage;
  }

  get host(): RunningHost {
    if (!this.runningHost) throw new Error('the host is stopped');
    return this.runningHost;
  }

  get service(): WorkbenchService {
    if (!this.runningService) throw new Error('the host is stopped');
    return this.runningService;
  }

  async startHost(): Promise<RunningHost> {
    this.store = openStore(join(this.workDir, 'history.db'));
    this.runningService = new WorkbenchService({ store: this.store, ...(this.pipelineModule ? { pipelineModule: this.pipelineModule } : {}) });
    this.runningHost = await startHost({ service: this.runningService, port: this.lastHost?.port ?? 0, token: this.lastHost?.token, rendererDir: this.rendererDir });
    this.lastHost = this.runningHost;
    return this.runningHost;
  }

  async stopHost(): Promise<void> {
    await this.runningHost?.close();
    await this.runningService?.close();
    this.store?.close();
    this.runningHost = undefined;
    this.runningService = undefined;
    this.store = undefined;
  }

  /** A screenshot of the page as it is, in test-artifacts/ui-<name>.png. */
  async screenshot(name: string): Promise<void> {
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path: join(ARTIFACTS, `ui-${name}.png`) });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.stopHost();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
