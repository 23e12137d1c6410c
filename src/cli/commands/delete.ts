import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { experimentIdArg, serviceFromArgs } from '../history-store.ts';

export const deleteCommand: CliCommand = {
  name: 'delete',
  summary: 'delete an experiment with its metrics, artifacts and checkpoint',
  usage: 'usage: workbench delete ID [--db PATH]',
  async run(args) {
    const parsed = parseArgs(args, ['db']);
    const id = experimentIdArg(parsed);
    const service = serviceFromArgs(parsed);
    try {
      await service.request('deleteExperiment', { id });
      console.log(`deleted experiment ${id}`);
      return 0;
    } finally {
      await service.close();
      service.store.close();
    }
  },
};
