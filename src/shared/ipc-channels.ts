/** The only two IPC channels between the preload and the main process. */
export const INVOKE_CHANNEL = 'workbench:invoke';
export const EVENT_CHANNEL = 'workbench:event';
