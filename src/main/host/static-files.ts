import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
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

/** Serves the built renderer (single-page app: unknown paths get index.html); never a file outside `root`. */
export function serveStatic(root: string | undefined, urlPath: string, response: ServerResponse, headers: Record<string, string>): void {
  const indexPath = root ? join(root, 'index.html') : undefined;
  if (!root || !indexPath || !existsSync(indexPath)) {
    response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(NOT_BUILT);
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    response.writeHead(400, headers).end('bad path');
    return;
  }
  const candidate = normalize(join(root, decoded));
  const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
  const file = inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : indexPath;
  const type = MIME_TYPES[extname(file)] ?? 'application/octet-stream';
  response.writeHead(200, { ...headers, 'Content-Type': type }).end(readFileSync(file));
}
