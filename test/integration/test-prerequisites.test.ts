import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtureConfig = 'test/integration/fixtures/prerequisites/vitest.config.ts';

/** Runs vitest on a fixture file that needs Chromium, as `npm test` would, with the given environment. */
function runFixture(env: Record<string, string | undefined>): { status: number | null; output: string } {
  const child = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', fixtureConfig], {
    cwd: root,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, WORKBENCH_PREREQUISITE_RECORD: undefined, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  });
  return { status: child.status, output: `${child.stdout}\n${child.stderr}` };
}

describe('tests that need something npm does not install', () => {
  it('skip when it is missing, and the run ends with one notice naming it and its install command', () => {
    const { status, output } = runFixture({ CHROMIUM_PATH: '/nonexistent/chromium', WORKBENCH_REQUIRE_ALL_TESTS: undefined });
    expect(status, output).toBe(0);
    expect(output).toMatch(/1 passed \| 1 skipped/);
    expect(output).toContain('Chromium: no executable at /nonexistent/chromium (CHROMIUM_PATH). Install: apt-get install chromium');
    expect(output).toContain('skipped in test/integration/fixtures/prerequisites/needs-chromium.fixture.ts');
    expect(output.match(/^Skipped: /gm)).toHaveLength(1);
    expect(output).not.toMatch(/\bat .*prerequisites\.ts:\d+/);
  });

  it('fail under WORKBENCH_REQUIRE_ALL_TESTS=1, naming what is missing', () => {
    const { status, output } = runFixture({ CHROMIUM_PATH: '/nonexistent/chromium', WORKBENCH_REQUIRE_ALL_TESTS: '1' });
    expect(status).not.toBe(0);
    expect(output).toContain('Chromium is required (WORKBENCH_REQUIRE_ALL_TESTS=1) but missing: no executable at /nonexistent/chromium');
    expect(output).not.toContain('Skipped: tests that need');
  });

  it('run, with no notice, where it is present', () => {
    const { status, output } = runFixture({ CHROMIUM_PATH: process.execPath, WORKBENCH_REQUIRE_ALL_TESTS: '1' });
    expect(status, output).toBe(0);
    expect(output).toMatch(/2 passed/);
    expect(output).not.toContain('Skipped: tests that need');
  });
});

describe('every test file that starts Chromium', () => {
  it('asks for it through needs(), so a machine without it skips the file instead of failing', () => {
    const files = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts') && !f.endsWith('test-prerequisites.test.ts'));
    const launching = files.filter((f) => /BrowserWorkbench\.open|workbenchPerFile\(|EnginePageDriver\.open|launchChromium\(|chromium\.launch/.test(readFileSync(join(root, 'test', f), 'utf8')));
    expect(launching.length).toBeGreaterThan(3);
    // workbenchPerFile asks needs(chromium()) itself.
    expect(readFileSync(join(root, 'test', 'e2e', 'workbench-per-file.ts'), 'utf8')).toMatch(/needs\(chromium\(\), testFile\)/);
    const unguarded = launching.filter((f) => !/needs\(chromium|workbenchPerFile\(/.test(readFileSync(join(root, 'test', f), 'utf8')));
    expect(unguarded).toEqual([]);
  });
});
