import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const NOT_BUILT = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Autoencoder Workbench</title></head>
<body><h1>Autoencoder Workbench host</h1><p>The renderer is not built yet: run <code>npm run build</code>, then restart
<code>workbench serve</code>. The API is available at <code>/ws</code> and <code>/api/&lt;request&gt;</code>.</p></body></html>`;

/** The MIME type the browser needs for a file of the built renderer. */
export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a URL path names; unknown paths get index.html (a single-page
 * app), and a path escaping `root` never resolves outside it. Undefined when nothing is built.
 */
export function resolveStaticFile(root: string | undefined, urlPath: string): string | undefined {
  const indexPath = root ? join(root, 'index.html') : undefined;
  if (!root || !indexPath || !existsSync(indexPath)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return indexPath;
  }
  const candidate = normalize(join(root, decoded));
  const inside = candidate.startsWith(root.endsWith(sep) ? root : root + sep);
  return inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : indexPath;
}

/** The built renderer's file for a URL path, or a page saying how to build it. */
export function staticContent(root: string | undefined, urlPath: string): { contentType: string; body: string | Buffer } {
  const file = resolveStaticFile(root, urlPath);
  if (!file) return { contentType: 'text/html; charset=utf-8', body: NOT_BUILT };
  return { contentType: mimeTypeOf(file), body: readFileSync(file) };
}
