// The "Build Images" progress notification, as pure functions over image.* events: which events
// belong to a build, what line to show, how far along it is, and how it ended.
import { isEventType, narrowEvent, type LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { EventType } from '../../daemon/protocol/events.js';

type ImageEventType = Extract<EventType, `image.${string}`>;

function isImageEventType(type: string): type is ImageEventType {
  return type.startsWith('image.') && isEventType(type);
}

export interface BuildStep {
  /** The text for the notification, or null to leave it as it is. */
  message: string | null;
  /** Percent to add to the bar (each image is an equal share). */
  increment: number;
  /** Set once the whole build has ended. */
  finished: { ok: boolean; seconds: number } | null;
  /** Set when one image failed (the build goes on with the others). */
  failure: string | null;
}

/** This build's image.* event, turned into what the notification should do; null for others. */
export function buildStep(e: LooseEvent, buildId: string, imageCount: number): BuildStep | null {
  if (!isImageEventType(e.type)) return null;
  const ev = narrowEvent(e, e.type);
  if (ev?.payload.buildId !== buildId) return null;
  const share = Math.floor(100 / Math.max(1, imageCount));
  const none: BuildStep = { message: null, increment: 0, finished: null, failure: null };
  switch (ev.type) {
    case 'image.build_progress': {
      const last = ev.payload.lines.filter((l) => l.trim() !== '').at(-1)?.trim();
      if (!last) return none;
      return { ...none, message: `${ev.payload.image} (${ev.payload.stage}): ${truncate(last, 120)}` };
    }
    case 'image.built':
      return { ...none, message: `${ev.payload.tag} built in ${Math.round(ev.payload.seconds)} s`, increment: share };
    case 'image.build_failed':
      return { ...none, message: `${ev.payload.image} failed`, increment: share, failure: `${ev.payload.image}: ${ev.payload.message}` };
    case 'image.build_finished':
      return { ...none, finished: { ok: ev.payload.ok, seconds: ev.payload.seconds } };
    default:
      return none;
  }
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
