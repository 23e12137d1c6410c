import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'workbench.js');
const dir = mkdtempSync(join(tmpdir(), 'workbench-serve-'));

/** Runs `workbench serve` until it prints its URL (then stops it) or exits; gives what it printed. */
function serve(...args: string[]): Promise<{ code: number | null; output: string; url?: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, 'serve', '--db', join(dir, 'history.db'), '--port', '0', ...args], { cwd: root, env: { ...process.env, WORKBENCH_TOKEN: '' } });
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output)?.[0];
      if (url) {
        child.removeAllListeners('exit');
        child.on('exit', (code) => done({ code, output, url }));
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => done({ code, output }));
  });
}

describe('workbench serve --token', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves with the given token, so a restarted host keeps the address open pages use', async () => {
    const token = 'a-fixed-token-for-reconnects';
    const served = await serve('--token', token);
    expect(served.url).toMatch(new RegExp(`\\?token=${token}$`));
  }, 60_000);

  it('refuses a token that is too short or has other characters, naming the flag and the rule', async () => {
    const short = await serve('--token', 'short');
    expect(short.code).toBe(2);
    expect(short.output).toContain('--token must be 16 to 128 letters, digits, - or _ (got 5 characters)');
    const odd = await serve('--token', 'sixteen-chars-but-has/slash');
    expect(odd.code).toBe(2);
    expect(odd.output).toContain('with others');
    expect(odd.url).toBeUndefined();
  }, 60_000);
});
