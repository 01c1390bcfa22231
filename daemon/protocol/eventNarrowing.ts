// Reading events whose payload crossed a process boundary as `unknown`. Clients receive the loose
// envelope (a newer daemon may send types this build does not know), and this is the one place
// that turns it into a typed event: the type is checked against `EVENT_PAYLOADS` and the payload
// parsed with that type's schema, so no consumer casts a payload by hand.
import type { z } from 'zod';
import { EVENT_PAYLOADS, type AnyEventSchema, type EventPayload, type EventType, type SwitchboardEvent } from './events.js';

/** An event as clients receive it: the envelope checked, the payload not yet. */
export type LooseEvent = z.infer<typeof AnyEventSchema>;

/** The part of an envelope that narrowing reads; any richer envelope keeps its other fields. */
export interface EventEnvelope {
  type: string;
  payload: unknown;
}

/** `E` with its type fixed to `T` and its payload typed; distributes over a union of types. */
export type NarrowedEvent<E extends EventEnvelope, T extends EventType> = T extends EventType
  ? Omit<E, 'type' | 'payload'> & { type: T; payload: EventPayload<T> }
  : never;

/** Whether this build knows the event type (a newer daemon may send others). */
export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_PAYLOADS, type);
}

/**
 * The event typed, or null when its type is unknown or its payload does not parse. Given `type`
 * (one type, or `e.type` already narrowed by a `switch`), it also answers null for any other
 * type, and parses nothing then: a consumer that wants two types does not pay for the rest.
 */
export function narrowEvent(e: LooseEvent): SwitchboardEvent | null;
export function narrowEvent<E extends EventEnvelope, T extends EventType>(e: E, type: T): NarrowedEvent<E, T> | null;
export function narrowEvent(e: EventEnvelope, type?: EventType): EventEnvelope | null {
  if ((type !== undefined && e.type !== type) || !isEventType(e.type)) return null;
  const parsed = EVENT_PAYLOADS[e.type].safeParse(e.payload);
  return parsed.success ? { ...e, payload: parsed.data } : null;
}
