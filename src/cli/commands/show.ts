import { flag, parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { storedGroup } from '../../main/service/seed-group.ts';
import { groupTable } from '../group-table.ts';
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
      const group = detail.group && flag(parsed, 'json') !== 'true' ? storedGroup(service.store, detail.group.id) : undefined;
      if (flag(parsed, 'json') === 'true') console.log(JSON.stringify(detail, null, 2));
      else {
        console.log(experimentText(detail));
        if (group) {
          const pending = group.unfinished.length > 0 ? ` (not finished, left out: ${group.unfinished.join(', ')})` : '';
          console.log(`\n${groupTable(group.group, group.first).replace(/^(?=.)/gm, '  ')}${pending}`);
        }
      }
      return 0;
    } finally {
      await service.close();
      service.store.close();
    }
  },
};
