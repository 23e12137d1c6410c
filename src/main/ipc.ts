import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ResponseEnvelope } from '../shared/api.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipc-channels.ts';
import type { WorkbenchService } from './service/service.ts';

export interface IpcBinding {
  /** The app's one window: only its main frame, showing the app's own page, may call the service. */
  webContents: WebContents;
  /** True for URLs of the app's own page (the built file or the dev server). */
  isAppUrl(url: string): boolean;
}

function trustedSender(event: IpcMainInvokeEvent, binding: IpcBinding): string | undefined {
  if (event.sender !== binding.webContents) return 'the message did not come from the workbench window';
  const frame = event.senderFrame;
  if (!frame || frame !== binding.webContents.mainFrame) return 'the message came from a subframe';
  if (!binding.isAppUrl(frame.url)) return `the message came from a foreign page (${frame.url})`;
  return undefined;
}

/**
 * The only place the service meets ipcMain: one invoke channel for every request (validated
 * by the service against the contract), one event channel to the window. Returns an unbind.
 */
export function bindIpc(service: WorkbenchService, binding: IpcBinding): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown): Promise<ResponseEnvelope> => {
    const refused = trustedSender(event, binding);
    if (refused) return { ok: false, error: { code: 'forbidden', message: refused } };
    return service.respond(typeof name === 'string' ? name : String(name), input);
  });
  const unsubscribe = service.subscribe((name, payload) => {
    if (!binding.webContents.isDestroyed()) binding.webContents.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
