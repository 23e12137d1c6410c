import { join } from 'node:path';
import type { PipelineEvent } from '../../shared/events.ts';
import { PRESET_NAMES } from '../../shared/presets.ts';
import { flag, parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { configFromArgs } from '../config-from-args.ts';
import { summaryTable } from '../summary-table.ts';
import { TerminalProgress } from '../terminal-progress.ts';

function defaultOutDir(preset: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return join('runs', `${stamp}-${preset}`);
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run an experiment headless and write its figures and tables',
  usage: [
    'usage: workbench run [--preset NAME] [--config FILE.json] [--set PATH=VALUE ...] [--out DIR] [--backend NAME]',
    '',
    `  --preset   one of ${PRESET_NAMES.join(', ')} (default: quick, or the config file's "preset")`,
    '  --config   a JSON experiment config, merged over the preset',
    '  --set      change one field by its dotted path, e.g. --set pretrain.epochs=5 --set layers=[784,500,30]',
    '  --out      output folder (default runs/<time>-<preset>)',
    '  --backend  auto, tensorflow-gpu, webgpu, tensorflow, wasm or cpu (default: the config\'s, normally auto)',
    '  --db       the history database the run is recorded in (default: WORKBENCH_DB, else ~/.local/share/autoencoder-workbench/workbench.db)',
    '  --no-history  do not record the run in the history database',
  ].join('\n'),
  async run(args) {
    const parsed = parseArgs(args, ['preset', 'config', 'set', 'out', 'backend', 'db'], ['no-history']);
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    const config = configFromArgs(parsed);
    // The engine and figure modules load only once the config is valid, so mistakes are reported at once.
    const { runExperiment } = await import('../../engine/pipeline.ts');
    const { RunRecorder, writeRunOutputs } = await import('../run-outputs.ts');
    const out = flag(parsed, 'out') ?? defaultOutDir(config.preset ?? 'custom');
    const progress = new TerminalProgress();
    const recorder = new RunRecorder();
    const onEvent = (event: PipelineEvent) => {
      recorder.handle(event);
      progress.handle(event);
    };
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    try {
      let summary;
      let unstoredReport: string | undefined;
      if (parsed.flags.has('no-history')) {
        summary = await runExperiment(config, { onEvent, signal: controller.signal });
      } else {
        const { storeFromArgs, lockWaitFromEnv } = await import('../history-store.ts');
        const { recordRun, unstoredText } = await import('../../main/runner/record-run.ts');
        const { lockNotice } = await import('../lock-notice.ts');
        const lockWaitMs = lockWaitFromEnv();
        const store = storeFromArgs(parsed);
        const stopNotice = store.writes.onChange(lockNotice(process.stderr));
        try {
          const recorded = await recordRun(store, config, runExperiment, {
            onEvent,
            signal: controller.signal,
            onCreated: (id) => console.log(`experiment ${id} (history: ${store.path}; \`workbench show ${id}\`)`),
            lockWaitMs,
          });
          summary = recorded.summary;
          if (recorded.unstored.length > 0) unstoredReport = unstoredText(store.path, recorded.unstored);
        } finally {
          stopNotice();
          store.close();
        }
      }
      progress.finish();
      const files = writeRunOutputs(out, summary, recorder);
      console.log(`\n${summaryTable(summary)}\n`);
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      console.log(`total ${summary.seconds.toFixed(1)} s on ${summary.backend.name}, peak memory ${peakRssMb} MB; wrote ${files.join(', ')} to ${out}`);
      if (unstoredReport) {
        console.error(`workbench run: the outputs are complete, but the history is not.\n${unstoredReport}`);
        return 1;
      }
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      progress.finish();
    }
  },
};
