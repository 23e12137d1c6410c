import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../src/main/host/host.ts';
import { WorkbenchService } from '../../src/main/service/service.ts';
import { openStore } from '../../src/main/store/store.ts';
import { createReconnectingClient, type ReconnectingClient } from '../../src/renderer/src/api/reconnecting-client.ts';
import { tokenRejectedReason } from '../../src/renderer/src/api/token-check.ts';
import type { ConnectionStatus } from '../../src/renderer/src/api/connection-status.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import { hostSocketUrl, type SocketLike } from '../../src/shared/host-client.ts';

const standIn = fileURLToPath(new URL('./fixtures/stand-in-pipeline.ts', import.meta.url));
const FAST_BACKOFF = { initialMs: 50, maxMs: 400, factor: 2 };

/** A real host on a fixed port and token over one history file, stopped and started like `workbench serve`. */
class RestartableHost {
  private service?: WorkbenchService;
  private host?: RunningHost;
  port = 0;
  token?: string;

  constructor(private readonly dbPath: string) {}

  async start(token = this.token): Promise<RunningHost> {
    this.service = new WorkbenchService({ store: openStore(this.dbPath), pipelineModule: standIn });
    this.host = await startHost({ service: this.service, port: this.port, token });
    this.port = this.host.port;
    this.token = this.host.token;
    return this.host;
  }

  async stop(): Promise<void> {
    await this.host?.close();
    await this.service?.close();
    this.service?.store.close();
    this.host = undefined;
    this.service = undefined;
  }
}

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('renderer host client across host restarts', () => {
  let dir: string;
  let server: RestartableHost;
  const clients: ReconnectingClient[] = [];

  function connect(url: string, extra: { requestWaitMs?: number; diagnose?: () => Promise<string | undefined> } = {}) {
    const statuses: (ConnectionStatus & { at: number })[] = [];
    const client = createReconnectingClient({
      socketUrl: hostSocketUrl(url),
      openSocket: (socketUrl) => new WebSocket(socketUrl) as unknown as SocketLike,
      backoff: FAST_BACKOFF,
      onStatus: (status) => statuses.push({ ...status, at: Date.now() }),
      ...extra,
    });
    clients.push(client);
    return { client, statuses };
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reconnects with backoff, answers requests made while down, and keeps delivering events', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wb-reconnect-'));
    server = new RestartableHost(join(dir, 'history.db'));
    const first = await server.start();
    const { client, statuses } = connect(first.url);
    const impatient = connect(first.url, { requestWaitMs: 200 }).client;
    const runStates: { experimentId: number; status: string }[] = [];
    const epochsSeen = new Set<number>();
    client.subscribe('run-state', (payload) => runStates.push(payload));
    client.subscribe('pipeline', ({ event }) => {
      if (event.type === 'epoch') epochsSeen.add(event.epoch);
    });

    expect((await client.invoke('listPresets', {})).presets.map((p) => p.name)).toContain('smoke');
    expect(client.status.state).toBe('connected');

    await server.stop();
    await until('three failed attempts', () => client.status.state === 'reconnecting' && client.status.failures >= 3);
    const retries = statuses.filter((s) => s.state === 'reconnecting').slice(0, 3);
    expect(retries.map((s) => s.failures)).toEqual([1, 2, 3]);
    // Each wait doubles (a millisecond may pass between scheduling and reporting).
    retries.forEach((s, i) => expect(Math.abs(s.nextAttemptAt! - s.at - [50, 100, 200][i])).toBeLessThanOrEqual(2));
    const listedWhileDown = client.invoke('listExperiments', {});
    await expect(impatient.invoke('listExperiments', {})).rejects.toThrow(/Not connected to the workbench host/);

    await server.start();
    await until('the link to come back', () => client.status.state === 'connected');
    expect(client.status.reconnects).toBe(1);
    expect((await listedWhileDown).total).toBe(0);

    // Listeners registered before the restart hear a run started after it.
    const config = { ...smokePreset, finetune: { ...smokePreset.finetune, epochs: 3 } };
    const { id } = await client.invoke('createExperiment', { config, name: 'after restart' });
    await until('the run to finish', () => runStates.some((s) => s.experimentId === id && s.status === 'done'), 60_000);
    expect([...epochsSeen].sort()).toEqual([1, 2, 3]);
  });

  it('says so when the host comes back with a different token', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wb-reconnect-'));
    server = new RestartableHost(join(dir, 'history.db'));
    const first = await server.start();
    const { client } = connect(first.url, { diagnose: () => tokenRejectedReason(first.url) });
    await client.invoke('listPresets', {});

    await server.stop();
    await server.start('a-new-token-after-restart');
    await until('the rejected token to be named', () => client.status.problem !== undefined);
    expect(client.status.state).toBe('reconnecting');
    expect(client.status.problem).toMatch(/different access token/);
  });
});
