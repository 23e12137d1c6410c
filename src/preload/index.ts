import { contextBridge, ipcRenderer } from 'electron';
import { createIpcWorkbench } from './ipc-workbench.ts';

// The page gets this frozen, typed API and nothing else: no ipcRenderer, no Node.
contextBridge.exposeInMainWorld('workbench', createIpcWorkbench(ipcRenderer));
