import './page-globals.ts';
import { ENGINE_BRIDGE, type EngineChannel } from './protocol.ts';
import { serveEngine } from './serve-engine.ts';

/** The engine window's entry: serves the channel its preload (or a test) put on the page. */
const channel = (globalThis as Record<string, unknown>)[ENGINE_BRIDGE] as EngineChannel | undefined;
if (!channel) throw new Error(`the engine page needs window.${ENGINE_BRIDGE} (the engine window's preload)`);
serveEngine(channel);
