import { flag, parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { experimentText } from '../history-format.ts';
import { experimentIdArg, serviceFromArgs } from '../history-store.ts';

export const showCommand: CliCommand = {
  name: 'show',
  summary: 'show one experiment: config, results, curves, artifacts',
  usage: 'usage: workbench show ID [--json] [--db PATH]',
  async run(args) {
    const parsed = parseArgs(args, ['db'], ['json']);
    const id = experimentIdArg(parsed);
    const service = serviceFromArgs(parsed, { readonly: true });
    try {
      const detail = await service.request('getExperiment', { id });
      console.log(flag(parsed, 'json') === 'true' ? JSON.stringify(detail, null, 2) : experimentText(detail));
      return 0;
    } finally {
      await service.close();
      service.store.close();
    }
  },
};
