import { z } from 'zod';
import { apiErrorPayloadSchema } from './errors.ts';

/** Messages of the loopback host's WebSocket, as JSON text frames. */

export const MAX_MESSAGE_BYTES = 1_000_000;

export const wireRequestSchema = z
  .object({
    type: z.literal('request'),
    id: z.number().int().min(0).max(2 ** 53 - 1),
    name: z.string().max(100),
    input: z.unknown(),
  })
  .strict();
export type WireRequest = z.infer<typeof wireRequestSchema>;

export const wireServerMessageSchema = z.union([
  z.object({ type: z.literal('response'), id: z.number().nullable(), ok: z.literal(true), output: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().nullable(), ok: z.literal(false), error: apiErrorPayloadSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type WireServerMessage = z.infer<typeof wireServerMessageSchema>;

/** The query parameter carrying the host's token, on the page URL and the WebSocket URL. */
export const TOKEN_PARAM = 'token';
export const WEBSOCKET_PATH = '/ws';
