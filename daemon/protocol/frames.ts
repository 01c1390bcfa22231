// Frames on the event stream WebSocket (`/api/v1/stream`). The server only speaks; the client
// chooses what it wants with the query string (since, session, project) when it connects.
import { z } from 'zod';
import { AnyEventSchema } from './events.js';

export const ServerFrameSchema = z.discriminatedUnion('type', [
  /** One stored event, backlog or live; `seq` orders them and lets a client resume. */
  z.object({ type: z.literal('event'), event: AnyEventSchema }),
  /** The backlog after `since` has been sent; what follows is live. */
  z.object({ type: z.literal('live'), lastSeq: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

export const StreamQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  session: z.string().optional(),
  project: z.string().optional(),
});
export type StreamQuery = z.infer<typeof StreamQuerySchema>;
