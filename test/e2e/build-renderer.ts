import { buildRenderer, DEFAULT_RENDERER_DIR, rendererIsFresh } from '../../src/cli/renderer-build.ts';

/** The fresh `npm run build` output if there is one, else a new (unminified) build in `scratchDir`. */
export async function rendererForTests(scratchDir: string): Promise<string> {
  return rendererIsFresh() ? DEFAULT_RENDERER_DIR : buildRenderer(scratchDir, { minify: false });
}
