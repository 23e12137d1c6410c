import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP_ONLY_EXPORT_FORMATS, EXPORT_FORMATS, type ExportFormat } from '../../shared/api.ts';
import { ApiError } from '../../shared/errors.ts';
import { flag, parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { experimentIdArg, serviceFromArgs } from '../history-store.ts';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write an experiment\'s report, CSVs and JSON to a folder',
  usage: [
    'usage: workbench export ID --out DIR [--format F ...] [--db PATH]',
    '',
    `  --format   ${EXPORT_FORMATS.join(', ')} (repeatable; default: all that apply)`,
  ].join('\n'),
  async run(args) {
    const parsed = parseArgs(args, ['out', 'format', 'db']);
    const id = experimentIdArg(parsed);
    const out = flag(parsed, 'out');
    if (!out) throw new UsageError('--out DIR is required');
    // PDF needs Electron's printer, so the CLI's default leaves it out (asked for, it fails with the reason).
    const formats = (parsed.flags.get('format') ?? EXPORT_FORMATS.filter((f) => !DESKTOP_ONLY_EXPORT_FORMATS.includes(f))) as ExportFormat[];
    const unknown = formats.find((f) => !EXPORT_FORMATS.includes(f));
    if (unknown) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (got "${unknown}")`);
    const explicit = parsed.flags.has('format');
    const service = serviceFromArgs(parsed, { readonly: true });
    try {
      mkdirSync(out, { recursive: true });
      const written: string[] = [];
      for (const format of formats) {
        try {
          const file = await service.request('exportExperiment', { id, format });
          writeFileSync(join(out, file.fileName), file.text ?? Buffer.from(file.base64 ?? '', 'base64'));
          written.push(file.fileName);
        } catch (error) {
          // Without --format, skip what needs a finished run (the report) and say so.
          if (explicit || !(error instanceof ApiError) || error.code !== 'conflict') throw error;
          console.error(`skipped ${format}: ${error.message}`);
        }
      }
      console.log(`wrote ${written.join(', ')} to ${out}`);
      return 0;
    } finally {
      await service.close();
      service.store.close();
    }
  },
};
