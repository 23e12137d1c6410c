import { contextBridge, ipcRenderer } from 'electron';
import { ENGINE_BRIDGE } from '../engine/page/protocol.ts';
import { createEngineBridge } from './engine-bridge.ts';

// The engine window's page gets the engine channel and nothing else.
contextBridge.exposeInMainWorld(ENGINE_BRIDGE, createEngineBridge(ipcRenderer));
