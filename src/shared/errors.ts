import { z } from 'zod';
import type { FieldError } from './validate.ts';

/** Every error code a request can fail with, in either transport. */
export const ERROR_CODES = [
  /** The input did not match the request's schema; `fields` names each bad field. */
  'invalid-input',
  /** The experiment config is invalid; `fields` names each bad field and its allowed range. */
  'invalid-config',
  /** No request of that name exists. */
  'unknown-request',
  /** The experiment, arm or artifact does not exist. */
  'not-found',
  /** The request does not fit the current state (e.g. resume a finished run). */
  'conflict',
  /** The host was reached without its token or with a wrong one. */
  'unauthorized',
  /** The host was reached from a page of another origin, or IPC from a foreign frame. */
  'forbidden',
  /** A message was larger than the transport accepts. */
  'too-large',
  /** A message was not valid JSON or not a request envelope. */
  'malformed',
  /** Anything else: a bug or an I/O failure; the message says what. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const apiErrorPayloadSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  fields: z.array(fieldErrorSchema).optional(),
});

export type ApiErrorPayload = z.infer<typeof apiErrorPayloadSchema>;

/** The one error type a service request throws and a client re-throws. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldError[];

  constructor(code: ErrorCode, message: string, fields?: FieldError[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (fields) this.fields = fields;
  }

  toPayload(): ApiErrorPayload {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }

  static fromPayload(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.fields);
  }
}

/** Turns anything thrown into a payload fit to send; unknown errors become `internal`. */
export function toErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return error.toPayload();
  if (error instanceof Error && error.name === 'ConfigError' && Array.isArray((error as { errors?: unknown }).errors)) {
    const fields = (error as unknown as { errors: FieldError[] }).errors;
    return { code: 'invalid-config', message: error.message, fields };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function notFound(what: string, id: number | string): ApiError {
  return new ApiError('not-found', `${what} ${id} does not exist`);
}

/**
 * Electron's contextBridge keeps only an Error's message, so the preload rejects with
 * `[code] message`; `toApiError` turns that (or anything else thrown) back into an ApiError.
 */
export function bridgeErrorMessage(payload: ApiErrorPayload): string {
  return `[${payload.code}] ${payload.message}`;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const match = /^(?:Error: )?\[([a-z-]+)\] ([\s\S]*)$/.exec(message);
  if (match && (ERROR_CODES as readonly string[]).includes(match[1])) return new ApiError(match[1] as ErrorCode, match[2]);
  return new ApiError('internal', message);
}
