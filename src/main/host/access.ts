import { timingSafeEqual, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PARAM } from '../../shared/wire.ts';
import type { ErrorCode } from '../../shared/errors.ts';

/** Why a request is refused: the HTTP status and the error the client gets. */
export interface Refusal {
  code: ErrorCode;
  status: number;
  message: string;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenOf(request: IncomingMessage, target: URL): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return target.searchParams.get(TOKEN_PARAM) ?? undefined;
}

/**
 * The request target as a URL, or undefined where the URL parser rejects it (`//a:b`,
 * `http://[`, a port out of range): any page can make a browser send such a target.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

/** The Host header values a page on this host's own loopback names sends. */
export function loopbackHosts(port: number): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  return [...names.map((name) => `${name}:${port}`), ...(port === 80 ? names : [])];
}

/**
 * Why a request's Host header is refused, or undefined: a page on another name that resolves
 * to 127.0.0.1 (DNS rebinding) sends its own name there.
 */
export function hostHeaderDenied(request: IncomingMessage, allowedHosts: string[]): Refusal | undefined {
  const host = request.headers.host;
  if (host !== undefined && allowedHosts.includes(host.toLowerCase())) return undefined;
  const given = host === undefined ? 'is missing' : `is "${host.slice(0, 100)}"`;
  return { code: 'forbidden', status: 403, message: `the Host header ${given}; this host answers only to ${allowedHosts.join(', ')}` };
}

/**
 * Who may call the API: a request carrying the host's token, from a page of the host's own
 * origin or from a non-browser client (no Origin header). Returns why not, or undefined.
 */
export function accessDenied(request: IncomingMessage, target: URL, token: string, allowedOrigins: string[]): Refusal | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return { code: 'forbidden', status: 403, message: `origin ${origin} may not use this host (allowed: ${allowedOrigins.join(', ')})` };
  }
  const given = tokenOf(request, target);
  if (!given) return { code: 'unauthorized', status: 401, message: `the ${TOKEN_PARAM} is missing: open the URL the host printed` };
  if (!sameToken(given, token)) return { code: 'unauthorized', status: 401, message: `the ${TOKEN_PARAM} is wrong: open the URL the host printed` };
  return undefined;
}
