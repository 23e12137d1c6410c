import { EXPERIMENT_STATUSES, type ExperimentStatus } from '../../shared/api.ts';
import { flag, parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { experimentTable } from '../history-format.ts';
import { serviceFromArgs } from '../history-store.ts';

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'list the experiments in the history',
  usage: [
    'usage: workbench list [--json] [--status S] [--preset P] [--tag T] [--search TEXT] [--limit N] [--db PATH]',
    '',
    `  --status   ${EXPERIMENT_STATUSES.join(', ')} (repeatable)`,
    '  --limit    at most N rows, 1-500 (default 50), newest first',
    '  --db       the history file (default: WORKBENCH_DB or ~/.local/share/autoencoder-workbench/workbench.db)',
  ].join('\n'),
  async run(args) {
    const parsed = parseArgs(args, ['status', 'preset', 'tag', 'search', 'limit', 'db'], ['json']);
    if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    const status = parsed.flags.get('status') as ExperimentStatus[] | undefined;
    const limitText = flag(parsed, 'limit');
    const service = serviceFromArgs(parsed, { readonly: true });
    try {
      const result = await service.request('listExperiments', {
        status,
        preset: flag(parsed, 'preset'),
        tag: flag(parsed, 'tag'),
        search: flag(parsed, 'search'),
        limit: limitText === undefined ? undefined : Number(limitText),
      });
      if (flag(parsed, 'json') === 'true') console.log(JSON.stringify(result, null, 2));
      else if (result.items.length === 0) console.log(`no experiments in ${service.store.path}`);
      else console.log(`${experimentTable(result.items)}\n\n${result.items.length} of ${result.total} in ${service.store.path}`);
      return 0;
    } finally {
      await service.close();
      service.store.close();
    }
  },
};
