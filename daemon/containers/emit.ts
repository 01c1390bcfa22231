// How the containers layer records events: the composition root hands in the event bus's emit
// (this layer may not import daemon/sessions/), typed by the protocol's payload schemas.
import type { EventPayload, EventType } from '../protocol/events.js';

export type Emit = <T extends EventType>(
  type: T,
  scope: { sessionId: string | null; projectId: string | null },
  payload: EventPayload<T>,
) => { seq: number };
