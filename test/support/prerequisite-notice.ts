import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter } from 'vitest/node';

/** Set by vitest.config.ts: where test files record what they skipped, for the notice at the end of the run. */
export const SKIP_RECORD_ENV = 'WORKBENCH_PREREQUISITE_RECORD';

interface SkipRecord {
  name: string;
  missing: string;
  install: string;
  testFile: string;
}

/** The notice printed once at the end of `npm test`: what was skipped for lack of what, and how to install it. */
export function prerequisiteNotice(records: SkipRecord[], root: string): string | undefined {
  if (records.length === 0) return undefined;
  const byName = new Map<string, SkipRecord[]>();
  for (const record of records) byName.set(record.name, [...(byName.get(record.name) ?? []), record]);
  const lines = ['', 'Skipped: tests that need something npm does not install (set WORKBENCH_REQUIRE_ALL_TESTS=1 to fail instead):'];
  for (const [name, group] of byName) {
    const files = [...new Set(group.map((r) => relative(root, r.testFile)))].sort();
    lines.push(`  - ${name}: ${group[0].missing}. Install: ${group[0].install}`);
    lines.push(`    skipped in ${files.join(', ')}`);
  }
  return lines.join('\n');
}

/** A vitest reporter that reads the skip records test files left in `folder` and prints the notice. */
export class PrerequisiteNoticeReporter implements Reporter {
  constructor(
    private readonly folder: string,
    private readonly root: string,
  ) {}

  onTestRunEnd(): void {
    let records: SkipRecord[] = [];
    try {
      records = readdirSync(this.folder)
        .filter((f) => f.startsWith('skip-'))
        .map((f) => JSON.parse(readFileSync(join(this.folder, f), 'utf8')) as SkipRecord);
    } catch {
      records = [];
    }
    const notice = prerequisiteNotice(records, this.root);
    if (notice) process.stdout.write(`${notice}\n`);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
