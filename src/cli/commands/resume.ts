import type { PipelineEvent } from '../../shared/events.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { experimentIdArg, serviceFromArgs } from '../history-store.ts';
import { lockNotice } from '../lock-notice.ts';

function line(event: PipelineEvent): string | undefined {
  if (event.type === 'epoch' && Object.keys(event.metrics).length > 0) {
    const metrics = Object.entries(event.metrics).map(([k, v]) => `${k} ${v.toPrecision(5)}`).join(', ');
    return `${event.phase} epoch ${event.epoch}: ${metrics}`;
  }
  if (event.type === 'arm-result') return `${event.result.arm}: test SSE ${event.result.testSSE.toFixed(3)}, logreg ${(event.result.logregAccuracy * 100).toFixed(2)}%`;
  if (event.type === 'log' && event.level !== 'info') return `${event.level}: ${event.message}`;
  return undefined;
}

export const resumeCommand: CliCommand = {
  name: 'resume',
  summary: 'continue an interrupted, cancelled or failed experiment from its last checkpoint',
  usage: 'usage: workbench resume ID [--db PATH]\n\nCtrl-C cancels the run again (it stays resumable).',
  async run(args) {
    const parsed = parseArgs(args, ['db']);
    const id = experimentIdArg(parsed);
    const service = serviceFromArgs(parsed);
    const stop = service.subscribe((name, payload) => {
      if (name !== 'pipeline') return;
      const p = payload as { experimentId: number; event: PipelineEvent };
      const text = p.experimentId === id ? line(p.event) : undefined;
      if (text) console.log(text);
    });
    const stopNotice = service.store.writes.onChange(lockNotice(process.stderr));
    const onSignal = () => void service.request('cancelExperiment', { id });
    process.once('SIGINT', onSignal);
    try {
      const position = service.store.checkpoint(id)?.position;
      await service.request('resumeExperiment', { id });
      console.log(position ? `resuming experiment ${id} from ${position}` : `restarting experiment ${id} (no checkpoint)`);
      const status = await service.runner.waitFor(id);
      const error = service.store.getExperiment(id)?.error;
      console.log(`experiment ${id} ${status}${error ? `: ${error}` : ''}`);
      return status === 'done' ? 0 : 1;
    } finally {
      process.off('SIGINT', onSignal);
      stop();
      await service.close();
      stopNotice();
      service.store.close();
    }
  },
};
