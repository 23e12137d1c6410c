import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src/shared/ipc-channels.ts';
import { toApiError } from '../../src/shared/errors.ts';
import type { WorkbenchApi } from '../../src/shared/api.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer(reply: (name: string, input: unknown) => unknown) {
  const listeners = new Map<string, Listener[]>();
  return {
    invoke: vi.fn(async (channel: string, name: string, input: unknown) => {
      expect(channel).toBe(INVOKE_CHANNEL);
      return reply(name, input);
    }),
    on: (channel: string, listener: Listener) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    emit: (...args: unknown[]) => listeners.get(EVENT_CHANNEL)?.forEach((l) => l({}, ...args)),
  };
}

const exposed: Record<string, unknown> = {};
const ipc = fakeIpcRenderer(() => ({ ok: true, output: { id: 1, deleted: true } }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  get ipcRenderer() {
    return ipc;
  },
}));

await import('../../src/preload/index.ts');
const workbench = exposed.workbench as WorkbenchApi;

describe('preload window.workbench', () => {
  it('exposes one frozen object with invoke and subscribe, and no ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['workbench']);
    expect(Object.isFrozen(workbench)).toBe(true);
    expect(Object.keys(workbench).sort()).toEqual(['invoke', 'subscribe', 'transport']);
    expect(workbench.transport).toBe('electron');
  });

  it('sends a request by name and returns the validated output', async () => {
    expect(await workbench.invoke('deleteExperiment', { id: 1 })).toEqual({ id: 1, deleted: true });
    expect(ipc.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'deleteExperiment', { id: 1 });
  });
});

describe('the IPC bridge behind it', async () => {
  const { createIpcWorkbench } = await import('../../src/preload/ipc-workbench.ts');

  it('rejects an output that breaks the contract', async () => {
    const api = createIpcWorkbench(fakeIpcRenderer(() => ({ ok: true, output: { id: 'one', deleted: 'yes' } })));
    const error = toApiError(await api.invoke('deleteExperiment', { id: 1 }).catch((e: unknown) => e));
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/deleteExperiment returned an invalid response: id/);
  });

  it('rejects with the service error code and message, recoverable after the bridge', async () => {
    const api = createIpcWorkbench(fakeIpcRenderer(() => ({ ok: false, error: { code: 'not-found', message: 'experiment 5 does not exist' } })));
    const rejection = await api.invoke('getExperiment', { id: 5 }).catch((e: Error) => e);
    expect((rejection as Error).message).toBe('[not-found] experiment 5 does not exist');
    expect(toApiError(rejection)).toMatchObject({ code: 'not-found', message: 'experiment 5 does not exist' });
  });

  it('refuses unknown requests without reaching the main process', async () => {
    const fake = fakeIpcRenderer(() => ({ ok: true, output: {} }));
    const api = createIpcWorkbench(fake);
    const error = toApiError(await api.invoke('rm' as never, {} as never).catch((e: unknown) => e));
    expect(error.code).toBe('unknown-request');
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('delivers valid events to subscribers, drops invalid ones, and unsubscribes', () => {
    const fake = fakeIpcRenderer(() => undefined);
    const api = createIpcWorkbench(fake);
    const seen: unknown[] = [];
    const stop = api.subscribe('run-state', (payload) => seen.push(payload));
    fake.emit('run-state', { experimentId: 2, status: 'running' });
    fake.emit('run-state', { experimentId: 2, status: 'exploded' });
    fake.emit('run-state', { experimentId: '2', status: 'done' });
    fake.emit('not-an-event', { experimentId: 2, status: 'done' });
    fake.emit('pipeline', { experimentId: 2, event: { type: 'log', level: 'info', message: 'hi' } });
    expect(seen).toEqual([{ experimentId: 2, status: 'running' }]);
    stop();
    fake.emit('run-state', { experimentId: 2, status: 'done' });
    expect(seen).toHaveLength(1);
    expect(() => api.subscribe('everything' as never, () => undefined)).toThrow(/unknown event/);
  });
});
