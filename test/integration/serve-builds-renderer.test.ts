import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'workbench.js');
const dir = mkdtempSync(join(tmpdir(), 'workbench-serve-build-'));

/** The environment without WORKBENCH_TOKEN, so serve makes a token of its own. */
function withoutToken(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.WORKBENCH_TOKEN;
  return env;
}

/** Fetches what the served page and its script are, while `workbench serve` runs; then stops it. */
function serveAndFetch(rendererDir: string): Promise<{ output: string; page: string; script: string; scriptType: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, 'serve', '--db', join(dir, 'history.db'), '--port', '0', '--renderer', rendererDir], { cwd: root, env: withoutToken() });
    let output = '';
    let fetching = false;
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output)?.[0];
      if (!url || fetching) return;
      fetching = true;
      void (async () => {
        const page = await (await fetch(url)).text();
        const src = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(page)?.[1] ?? '';
        const scriptResponse = await fetch(new URL(src, url));
        const script = await scriptResponse.text();
        child.kill('SIGINT');
        done({ output, page, script, scriptType: scriptResponse.headers.get('content-type') ?? '' });
      })().catch((error: Error) => {
        child.kill('SIGINT');
        fail(error);
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => fetching || fail(new Error(`serve exited with ${code} before printing its URL:\n${output}`)));
  });
}

describe('workbench serve on a checkout without a built renderer', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the renderer first and serves the app, not the "not built" placeholder', async () => {
    const rendererDir = join(dir, 'renderer');
    expect(existsSync(rendererDir)).toBe(false);
    const served = await serveAndFetch(rendererDir);
    expect(served.output).toContain(`building the renderer into ${rendererDir}`);
    expect(existsSync(join(rendererDir, 'index.html'))).toBe(true);
    expect(served.page).not.toContain('not built');
    expect(served.page).toContain('<div id="app"></div>');
    expect(served.scriptType).toMatch(/javascript/);
    // The bundle is the app: it carries the view names the navigation shows.
    expect(served.script).toContain('Compare');
    expect(served.script.length).toBeGreaterThan(100_000);
  }, 180_000);
});
