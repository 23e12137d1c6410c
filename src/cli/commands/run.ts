import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineEvent } from '../../shared/events.ts';
import { PRESET_NAMES } from '../../shared/presets.ts';
import type { ExperimentSummary } from '../../shared/results.ts';
import { groupSeeds, MAX_SEEDS, summariseGroup } from '../../shared/seed-groups.ts';
import { flag, parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { configFromArgs } from '../config-from-args.ts';
import { groupSummaryCsv, groupTable } from '../group-table.ts';
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
    'usage: workbench run [--preset NAME] [--config FILE.json] [--set PATH=VALUE ...] [--out DIR] [--backend NAME] [--seeds N]',
    '',
    `  --preset   one of ${PRESET_NAMES.join(', ')} (default: quick, or the config file's "preset")`,
    '  --config   a JSON experiment config, merged over the preset',
    '  --set      change one field by its dotted path, e.g. --set pretrain.epochs=5 --set layers=[784,500,30]',
    '  --out      output folder (default runs/<time>-<preset>)',
    '  --backend  auto, tensorflow-gpu, webgpu, tensorflow, wasm or cpu (default: the config\'s, normally auto)',
    '  --db       the history database the run is recorded in (default: WORKBENCH_DB, else ~/.local/share/autoencoder-workbench/workbench.db)',
    '  --seeds    run the configuration N times (1-20), with seeds seed, seed+1, ..., seed+N-1, one after another;',
    '             the runs form one group in the history; each writes its outputs to DIR/seed-<seed>, and the group\'s',
    '             mean ± sample sd (n-1) of every figure goes to DIR/group-summary.json and .csv',
    '  --no-history  do not record the run in the history database',
  ].join('\n'),
  async run(args) {
    const parsed = parseArgs(args, ['preset', 'config', 'set', 'out', 'backend', 'db', 'seeds'], ['no-history']);
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    const config = configFromArgs(parsed);
    const seedCount = seedsArg(flag(parsed, 'seeds'));
    const seeds = groupSeeds(config.seed, seedCount);
    // The engine and figure modules load only once the config is valid, so mistakes are reported at once.
    const { runExperiment } = await import('../../engine/pipeline.ts');
    const { RunRecorder, runReportHtml, writeRunOutputs } = await import('../run-outputs.ts');
    const out = flag(parsed, 'out') ?? defaultOutDir(config.preset ?? 'custom');
    const history = parsed.flags.has('no-history')
      ? undefined
      : await (async () => {
          const { storeFromArgs, lockWaitFromEnv } = await import('../history-store.ts');
          const { recordRun, unstoredText } = await import('../../main/runner/record-run.ts');
          const { lockNotice } = await import('../lock-notice.ts');
          return { store: storeFromArgs(parsed), recordRun, unstoredText, lockNotice, lockWaitMs: lockWaitFromEnv() };
        })();
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    let exitCode = 0;
    try {
      const groupId = history && seeds.length > 1 ? await history.store.writes.perform('the seed group', () => history.store.createGroup(config.seed, seeds.length)) : null;
      if (groupId !== null) console.log(`seed group ${groupId}: ${seeds.length} runs, seeds ${seeds.join(', ')}`);
      const members: { seed: number; id: number | null; summary: ExperimentSummary; recorder: InstanceType<typeof RunRecorder>; out: string }[] = [];
      for (const [index, seed] of seeds.entries()) {
        const memberConfig = seeds.length > 1 ? { ...config, seed } : config;
        const memberOut = seeds.length > 1 ? join(out, `seed-${seed}`) : out;
        if (seeds.length > 1) console.log(`\nrun ${index + 1} of ${seeds.length}: seed ${seed}`);
        const progress = new TerminalProgress();
        const recorder = new RunRecorder();
        const onEvent = (event: PipelineEvent) => {
          recorder.handle(event);
          progress.handle(event);
        };
        try {
          let summary: ExperimentSummary;
          let id: number | null = null;
          let unstoredReport: string | undefined;
          if (!history) {
            summary = await runExperiment(memberConfig, { onEvent, signal: controller.signal });
          } else {
            const { store } = history;
            const stopNotice = store.writes.onChange(history.lockNotice(process.stderr));
            try {
              const recorded = await history.recordRun(store, memberConfig, runExperiment, {
                onEvent,
                signal: controller.signal,
                onCreated: (created) => console.log(`experiment ${created} (history: ${store.path}; \`workbench show ${created}\`)`),
                lockWaitMs: history.lockWaitMs,
                group: groupId === null ? undefined : { id: groupId, index },
              });
              summary = recorded.summary;
              id = recorded.id;
              if (recorded.unstored.length > 0) unstoredReport = history.unstoredText(store.path, recorded.unstored);
            } finally {
              stopNotice();
            }
          }
          progress.finish();
          const files = writeRunOutputs(memberOut, summary, recorder);
          console.log(`\n${summaryTable(summary)}\n`);
          const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
          console.log(`total ${summary.seconds.toFixed(1)} s on ${summary.backend.name}, peak memory ${peakRssMb} MB; wrote ${files.join(', ')} to ${memberOut}`);
          if (unstoredReport) {
            console.error(`workbench run: the outputs are complete, but the history is not.\n${unstoredReport}`);
            exitCode = 1;
          }
          members.push({ seed, id, summary, recorder, out: memberOut });
        } finally {
          progress.finish();
        }
      }
      if (seeds.length > 1) {
        const group = summariseGroup(members, groupId, members.map((m) => m.id));
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, 'group-summary.json'), `${JSON.stringify(group, null, 2)}\n`);
        writeFileSync(join(out, 'group-summary.csv'), groupSummaryCsv(group));
        for (const member of members) writeFileSync(join(member.out, 'report.html'), runReportHtml(member.summary, member.recorder, group));
        console.log(`\n${groupTable(group, members[0].summary)}\n`);
        console.log(`wrote group-summary.json, group-summary.csv to ${out}`);
      }
      return exitCode;
    } finally {
      process.off('SIGINT', onSignal);
      history?.store.close();
    }
  },
};

/** `--seeds N`: how many runs, from 1 to MAX_SEEDS (default 1). */
function seedsArg(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_SEEDS) throw new UsageError(`--seeds must be a whole number from 1 to ${MAX_SEEDS} (got "${text}")`);
  return n;
}
