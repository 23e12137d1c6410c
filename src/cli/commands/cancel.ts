import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { experimentIdArg, serviceFromArgs } from '../history-store.ts';

const WAIT_MS = 5000;

export const cancelCommand: CliCommand = {
  name: 'cancel',
  summary: 'cancel a queued, running or interrupted experiment',
  usage: 'usage: workbench cancel ID [--db PATH]\n\nA run in another workbench process (app, host, CLI) stops within a second or two.',
  async run(args) {
    const parsed = parseArgs(args, ['db']);
    const id = experimentIdArg(parsed);
    const service = serviceFromArgs(parsed);
    try {
      let { status } = await service.request('cancelExperiment', { id });
      const deadline = Date.now() + WAIT_MS;
      while ((status === 'running' || status === 'queued') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = service.store.status(id) ?? status;
      }
      if (status === 'running' || status === 'queued') {
        console.log(`experiment ${id}: cancel requested; the process running it has not stopped it yet`);
        return 1;
      }
      console.log(`experiment ${id} ${status}`);
      return 0;
    } finally {
      await service.close();
      service.store.close();
    }
  },
};
