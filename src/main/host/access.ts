import { timingSafeEqual, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PARAM } from '../../shared/wire.ts';
import type { ErrorCode } from '../../shared/errors.ts';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenOf(request: IncomingMessage): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  return url.searchParams.get(TOKEN_PARAM) ?? undefined;
}

/**
 * Who may call the API: a request carrying the host's token, from a page of the host's own
 * origin or from a non-browser client (no Origin header). Returns why not, or undefined.
 */
export function accessDenied(request: IncomingMessage, token: string, allowedOrigins: string[]): { code: ErrorCode; status: number; message: string } | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return { code: 'forbidden', status: 403, message: `origin ${origin} may not use this host (allowed: ${allowedOrigins.join(', ')})` };
  }
  const given = tokenOf(request);
  if (!given) return { code: 'unauthorized', status: 401, message: `the ${TOKEN_PARAM} is missing: open the URL the host printed` };
  if (!sameToken(given, token)) return { code: 'unauthorized', status: 401, message: `the ${TOKEN_PARAM} is wrong: open the URL the host printed` };
  return undefined;
}
