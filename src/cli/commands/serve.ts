import { resolve } from 'node:path';
import { startHost } from '../../main/host/host.ts';
import { flag, parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { serviceFromArgs } from '../history-store.ts';
import { DEFAULT_RENDERER_DIR, ensureRenderer } from '../renderer-build.ts';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the workbench over HTTP/WebSocket on 127.0.0.1 (for a browser or a headless box)',
  usage: [
    'usage: workbench serve [--port N] [--token TOKEN] [--db PATH] [--renderer DIR]',
    '',
    '  --port      0-65535 (default 0: a free port)',
    '  --token     the access token: 16-128 letters, digits, - or _ (default: WORKBENCH_TOKEN, else a new random one);',
    '              restart with the same --port and --token and open pages reconnect by themselves',
    '  --renderer  the built renderer (default out/renderer, built first when missing or older than its sources;',
    '              a folder named here is built only when it holds no renderer)',
    '',
    'Prints the URL with its random access token; Ctrl-C stops it (a running experiment is left interrupted, resumable).',
  ].join('\n'),
  async run(args) {
    const parsed = parseArgs(args, ['port', 'token', 'db', 'renderer']);
    if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    const portText = flag(parsed, 'port') ?? '0';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535 (got "${portText}")`);
    const token = flag(parsed, 'token') ?? process.env.WORKBENCH_TOKEN;
    if (token !== undefined && !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
      throw new UsageError(`--token must be 16 to 128 letters, digits, - or _ (got ${token.length} characters${/^[A-Za-z0-9_-]*$/.test(token) ? '' : ' with others'})`);
    }
    const named = flag(parsed, 'renderer');
    const rendererDir = resolve(named ?? DEFAULT_RENDERER_DIR);
    await ensureRenderer(rendererDir, (line) => console.log(line), { rebuildStale: named === undefined });
    const service = serviceFromArgs(parsed);
    const host = await startHost({ service, port, rendererDir, ...(token ? { token } : {}) });
    console.log(`workbench host on ${host.url}`);
    console.log(`history: ${service.store.path}`);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await service.close();
    service.store.close();
    return 0;
  },
};
