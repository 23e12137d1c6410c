import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { mimeTypeOf, resolveStaticFile } from './host/static-files.ts';

/**
 * The built renderer is served from app://workbench/ rather than file://: a file:// page may
 * read any other local file, and gets no response headers, so no header CSP. Here every
 * response carries the Content-Security-Policy.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://workbench`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
/** The hidden engine window's page (src/renderer/engine.html, src/engine/page). */
export const APP_ENGINE_URL = `${APP_ORIGIN}/engine.html`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

export function serveRendererOverAppScheme(rendererDir: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'workbench' ? resolveStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('not found (is the renderer built? run npm run build)', { status: 404 });
    return new Response(await readFile(file), {
      headers: { 'Content-Type': mimeTypeOf(file), 'Content-Security-Policy': contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
