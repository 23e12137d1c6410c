import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src/shared/ipc-channels.ts';
import type { ResponseEnvelope } from '../../src/shared/api.ts';

type Handler = (event: unknown, ...args: unknown[]) => Promise<ResponseEnvelope>;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { bindIpc } = await import('../../src/main/ipc.ts');
const { openStore } = await import('../../src/main/store/store.ts');
const { WorkbenchService } = await import('../../src/main/service/service.ts');

const APP_URL = 'file:///opt/workbench/out/renderer/index.html';

function fakeWindow() {
  const mainFrame = { url: APP_URL };
  return { mainFrame, send: vi.fn(), isDestroyed: () => false };
}

describe('ipc.ts with a stand-in electron', () => {
  let dir: string;
  let service: InstanceType<typeof WorkbenchService>;
  let window: ReturnType<typeof fakeWindow>;
  let unbind: () => void;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-ipc-'));
    service = new WorkbenchService({ store: openStore(join(dir, 'history.db')) });
    window = fakeWindow();
    unbind = bindIpc(service, { webContents: window as never, isAppUrl: (url) => url === APP_URL });
  });

  afterAll(async () => {
    await service.close();
    service.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = (event: unknown, name: unknown, input: unknown) => handlers.get(INVOKE_CHANNEL)!(event, name, input);

  it('answers requests from the app window through the service', async () => {
    const reply = await invoke({ sender: window, senderFrame: window.mainFrame }, 'listPresets', {});
    expect(reply.ok).toBe(true);
    expect(reply.ok && (reply.output as { presets: { name: string }[] }).presets.map((p) => p.name)).toContain('paper');
  });

  it('returns typed errors for bad input and unknown requests', async () => {
    const trusted = { sender: window, senderFrame: window.mainFrame };
    expect(await invoke(trusted, 'getExperiment', { id: -3 })).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ path: 'id' }] } });
    expect(await invoke(trusted, 'openShell', {})).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    expect(await invoke(trusted, 'getExperiment', { id: 12 })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'experiment 12 does not exist' } });
  });

  it('refuses other windows, subframes and foreign pages', async () => {
    const other = fakeWindow();
    expect(await invoke({ sender: other, senderFrame: other.mainFrame }, 'listPresets', {})).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('workbench window') } });
    expect(await invoke({ sender: window, senderFrame: { url: APP_URL } }, 'listPresets', {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('subframe') } });
    const hijacked = { ...window, mainFrame: { url: 'https://evil.example/' } };
    const handler = handlers.get(INVOKE_CHANNEL)!;
    unbind();
    expect(handlers.has(INVOKE_CHANNEL)).toBe(false);
    unbind = bindIpc(service, { webContents: hijacked as never, isAppUrl: (url) => url === APP_URL });
    expect(handler).not.toBe(handlers.get(INVOKE_CHANNEL));
    expect(await invoke({ sender: hijacked, senderFrame: hijacked.mainFrame }, 'listPresets', {})).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('evil.example') } });
  });

  it('forwards service events to the window on one channel', async () => {
    const id = service.store.createExperiment({ config: (await import('../../src/shared/presets.ts')).smokePreset, status: 'interrupted' });
    const target = fakeWindow();
    unbind();
    unbind = bindIpc(service, { webContents: target as never, isAppUrl: (url) => url === APP_URL });
    await invoke({ sender: target, senderFrame: target.mainFrame }, 'renameExperiment', { id, name: 'renamed' });
    expect(target.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'experiment-changed', { experimentId: id, change: 'updated' });
  });
});
