import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { PrerequisiteNoticeReporter, SKIP_RECORD_ENV } from './prerequisite-notice.ts';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The suite's vitest settings for the given test files (the repository's config, and the prerequisite test's fixture). */
export function workbenchVitestConfig(include: string[]): ViteUserConfig {
  const skipRecords = mkdtempSync(join(tmpdir(), 'workbench-skipped-'));
  return defineConfig({
    root: repositoryRoot,
    test: {
      include,
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: 2,
      env: { [SKIP_RECORD_ENV]: skipRecords },
      reporters: ['default', new PrerequisiteNoticeReporter(skipRecords, repositoryRoot)],
    },
  });
}
