/**
 * A stand-in host with canned experiments, for looking at the renderer while the real
 * service is not at hand: `npx tsx test/e2e/fixture-host.ts [port]`. Not used by tests.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadIdxFolderCached, mnistFolder } from '../../src/engine/data/mnist.ts';
import { imageAt } from '../../src/engine/data/types.ts';
import type { ExperimentDetail, ExperimentListItem } from '../../src/shared/api.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { PRESET_DESCRIPTIONS, PRESETS, smokePreset, quickPreset } from '../../src/shared/presets.ts';
import type { EmbeddingMap, ImageGrid, MetricPoint } from '../../src/shared/results.ts';

const ROOT = resolve(import.meta.dirname, '../../out/renderer');
const TOKEN = 'fixture';
const { test } = await loadIdxFolderCached(mnistFolder());

function blur(pixels: Float32Array, amount: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy > 27 || xx < 0 || xx > 27) continue;
          s += pixels[yy * 28 + xx];
          n++;
        }
      out.push((1 - amount) * pixels[y * 28 + x] + (amount * s) / n);
    }
  return out;
}

function grid(): ImageGrid {
  const idx = Array.from({ length: 10 }, (_, i) => i);
  const originals = idx.map((i) => imageAt(test, i));
  return {
    height: 28,
    width: 28,
    channels: 1,
    digits: idx.map((i) => test.labels[i]),
    rows: [
      { label: 'original', images: originals.map((p) => Array.from(p)) },
      { label: 'pretrained', images: originals.map((p) => blur(p, 0.4)) },
      { label: 'random', images: originals.map((p) => blur(p, 0.9)) },
      { label: 'pca', images: originals.map((p) => blur(Float32Array.from(blur(p, 1)), 1)) },
    ],
  };
}

function embedding(representation: string, spread: number, n = 300): EmbeddingMap {
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = test.labels[i];
    const angle = (d / 10) * Math.PI * 2;
    points.push([Math.cos(angle) * 10 + Math.sin(i * 7.1) * spread, Math.sin(angle) * 10 + Math.cos(i * 3.3) * spread]);
    labels.push(d);
  }
  return { representation, points, labels, indices: labels.map((_, i) => i), method: 'tsne', trustworthiness: 0.9, knnAccuracy: 0.8 };
}

function metrics(layers: number, rbmEpochs: number, ftEpochs: number): MetricPoint[] {
  const m: MetricPoint[] = [];
  for (let l = 1; l <= layers; l++)
    for (let e = 1; e <= rbmEpochs; e++) {
      m.push({ phase: `pretrain:${l}`, epoch: e, name: 'trainSSE', value: (30 / l) * (1 + 2 / e) });
      m.push({ phase: `pretrain:${l}`, epoch: e, name: 'stackSSE', value: 20 + 5 * l + 10 / e });
    }
  for (const arm of ['pretrained', 'random'])
    for (let e = 1; e <= ftEpochs; e++) {
      const base = arm === 'pretrained' ? 4 : 9;
      m.push({ phase: `finetune:${arm}`, epoch: e, name: 'trainLoss', value: 60 + base * 10 / e });
      m.push({ phase: `finetune:${arm}`, epoch: e, name: 'testSSE', value: base + 20 / e });
    }
  return m;
}

const now = new Date().toISOString();
function item(id: number, name: string, status: ExperimentListItem['status'], preset: string, tags: string[]): ExperimentListItem {
  return { id, name, status, preset, dataset: 'mnist', tags, backend: 'tensorflow', createdAt: now, updatedAt: now, startedAt: now, finishedAt: now, error: status === 'failed' ? 'worker crashed: out of memory' : null, position: null, testSSE: status === 'done' ? { pretrained: 4.9, random: 9.8, pca: 13.9 } : {} };
}

const experiments: ExperimentDetail[] = [
  item(1, 'quick baseline', 'done', 'quick', ['baseline']),
  item(2, 'smoke check', 'done', 'smoke', []),
  item(3, 'paper protocol', 'failed', 'paper', ['paper', 'long']),
].map((it) => ({
  ...it,
  config: it.preset === 'smoke' ? smokePreset : quickPreset,
  notes: it.id === 1 ? 'First full comparison on 10k images.' : '',
  arms: it.status === 'done' ? [
    { arm: 'pretrained', testSSE: 4.92, trainSSE: 4.5, logregAccuracy: 0.962, seconds: 311, init: 'rbm' },
    { arm: 'random', testSSE: 9.81, trainSSE: 9.2, logregAccuracy: 0.901, seconds: 122, init: 'glorot-uniform' },
  ] : [],
  baselines: it.status === 'done' ? [
    { baseline: 'pca', result: { testSSE: 13.87, logregAccuracy: 0.887, components: 30 } },
    { baseline: 'raw', result: { logregAccuracy: 0.925 } },
  ] : [],
  metrics: it.status === 'done' ? metrics(4, 10, 20) : metrics(2, 10, 0),
  evaluations: [],
  artifacts: it.status === 'done' ? [
    { id: it.id * 100 + 1, experimentId: it.id, kind: 'reconstructions', name: 'reconstructions', phase: 'finetune:pretrained', byteSize: 1000, createdAt: now },
    ...['raw', 'pca', 'pretrained', 'random'].map((r, i) => ({ id: it.id * 100 + 10 + i, experimentId: it.id, kind: 'embedding' as const, name: `tsne:${r}`, phase: null, byteSize: 1000, createdAt: now })),
  ] : [],
  backendInfo: { name: 'tensorflow', package: '@tensorflow/tfjs-node', native: true, gpu: false, skipped: [] },
  summary: null,
}));

const clients = new Set<WebSocket>();
function broadcast(name: string, payload: unknown): void {
  for (const c of clients) c.send(JSON.stringify({ type: 'event', name, payload }));
}

function simulate(id: number): void {
  const events: PipelineEvent[] = [{ type: 'backend', backend: experiments[0].backendInfo! }];
  for (let l = 1; l <= 3; l++) {
    events.push({ type: 'phase-start', phase: `pretrain:${l}`, epochs: 3, samplesPerEpoch: 500 });
    for (let e = 1; e <= 3; e++) events.push({ type: 'epoch', phase: `pretrain:${l}`, epoch: e, metrics: { trainSSE: (30 / l) * (1 + 2 / e), stackSSE: 25 + l + 5 / e } }, { type: 'progress', phase: `pretrain:${l}`, fraction: ((l - 1) * 3 + e) / 15, samplesPerSec: 4200, etaSeconds: 12 });
  }
  for (const arm of ['pretrained', 'random'] as const) {
    events.push({ type: 'phase-start', phase: `finetune:${arm}`, epochs: 3, samplesPerEpoch: 500 });
    for (let e = 1; e <= 3; e++) events.push({ type: 'epoch', phase: `finetune:${arm}`, epoch: e, metrics: { trainLoss: 80 / e, testSSE: (arm === 'random' ? 12 : 6) + 10 / e } }, { type: 'artifact', kind: 'reconstructions', phase: `finetune:${arm}`, grid: grid() }, { type: 'progress', phase: `finetune:${arm}`, fraction: 0.6 + 0.2 * e / 3 * (arm === 'random' ? 2 : 1) / 2, samplesPerSec: 3900, etaSeconds: 5 });
  }
  let i = 0;
  const timer = setInterval(() => {
    const event = events[i++];
    if (!event) {
      clearInterval(timer);
      broadcast('run-state', { experimentId: id, status: 'running' });
      return;
    }
    broadcast('pipeline', { experimentId: id, event });
    if (i % 4 === 0) broadcast('pipeline', { experimentId: id, event: { type: 'log', level: 'info', message: `step ${i}` } });
  }, 150);
}

function respond(name: string, input: Record<string, unknown>): unknown {
  switch (name) {
    case 'listPresets':
      return { presets: Object.entries(PRESETS).map(([n, config]) => ({ name: n, description: PRESET_DESCRIPTIONS[n as keyof typeof PRESETS], config })) };
    case 'listBackends':
      return { backends: [['tensorflow-gpu', false], ['tensorflow', true], ['wasm', true], ['cpu', true]].map(([n, installed]) => ({ name: n, package: `pkg-${n}`, installed, native: n !== 'wasm' && n !== 'cpu', gpu: n === 'tensorflow-gpu' })) };
    case 'validateConfig':
      return { ok: true, errors: [] };
    case 'listExperiments': {
      const items = experiments.map(({ id, name, status, preset, dataset, tags, backend, createdAt, updatedAt, startedAt, finishedAt, error, position, testSSE }) => ({ id, name, status, preset, dataset, tags, backend, createdAt, updatedAt, startedAt, finishedAt, error, position, testSSE }));
      const status = input.status as string[] | undefined;
      const filtered = items.filter((it) => !status || status.includes(it.status));
      return { total: filtered.length, items: filtered };
    }
    case 'getExperiment':
      return experiments.find((e) => e.id === input.id);
    case 'createExperiment': {
      const id = experiments.length + 1;
      experiments.push({ ...experiments[1], id, name: 'new run', status: 'running', metrics: [], arms: [], baselines: [], artifacts: [] });
      setTimeout(() => simulate(id), 300);
      return { id };
    }
    case 'getArtifact': {
      const id = Number(input.id);
      const info = experiments.flatMap((e) => e.artifacts).find((a) => a.id === id)!;
      if (info.kind === 'reconstructions') return { kind: 'reconstructions', info, grid: grid() };
      const rep = info.name.split(':')[1];
      return { kind: 'embedding', info, map: embedding(rep, rep === 'pretrained' ? 2 : rep === 'random' ? 5 : 7) };
    }
    case 'compareArms': {
      const side = (ref: { experimentId: number; arm: 'pretrained' | 'random' }) => {
        const e = experiments.find((x) => x.id === ref.experimentId)!;
        return { experimentId: e.id, experimentName: e.name, status: e.status, arm: ref.arm, result: e.arms.find((a) => a.arm === ref.arm) ?? null, metrics: e.metrics.filter((m) => m.phase === `finetune:${ref.arm}` || (ref.arm === 'pretrained' && m.phase.startsWith('pretrain:'))), reconstructionsArtifactId: e.id * 100 + 1, embeddingArtifactId: e.id * 100 + (ref.arm === 'pretrained' ? 12 : 13) };
      };
      return { a: side(input.a as never), b: side(input.b as never), configDifferences: [] };
    }
    case 'exportExperiment':
      return { fileName: `experiment-${String(input.id)}.html`, mimeType: 'text/html', text: '<html>report</html>' };
    case 'cloneConfig':
      return { config: experiments.find((e) => e.id === input.id)!.config };
    case 'setNotes':
      return { id: input.id, notes: input.notes };
    case 'setTags':
      return { id: input.id, tags: input.tags };
    case 'deleteExperiment':
      experiments.splice(experiments.findIndex((e) => e.id === input.id), 1);
      return { id: input.id, deleted: true };
    default:
      throw new Error(`fixture host does not answer ${name}`);
  }
}

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = join(ROOT, path === '/' ? 'index.html' : path);
  try {
    const body = await readFile(file);
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id: number; name: string; input: Record<string, unknown> };
    try {
      socket.send(JSON.stringify({ type: 'response', id: msg.id, ok: true, output: respond(msg.name, msg.input) }));
    } catch (error) {
      socket.send(JSON.stringify({ type: 'response', id: msg.id, ok: false, error: { code: 'internal', message: (error as Error).message } }));
    }
  });
});
const port = Number(process.argv[2] ?? 5199);
server.listen(port, '127.0.0.1', () => console.log(`http://127.0.0.1:${port}/?token=${TOKEN}`));
