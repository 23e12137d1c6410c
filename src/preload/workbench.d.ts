import type { WorkbenchApi } from '../shared/api.ts';

declare global {
  interface Window {
    /** Set by the preload in the desktop app; the renderer sets a host client in its place in a browser. */
    workbench: WorkbenchApi;
  }
}

export {};
