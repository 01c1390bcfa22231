// The "Build Images" progress notification, as pure functions over image.* events: which events
// belong to a build, what line to show, how far along it is, and how it ended.
export interface ImageEventLike {
  type: string;
  payload: unknown;
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

type Payload = {
  buildId?: unknown;
  image?: unknown;
  stage?: unknown;
  lines?: unknown;
  seconds?: unknown;
  ok?: unknown;
  message?: unknown;
  tag?: unknown;
};

/** This build's image.* event, turned into what the notification should do; null for others. */
export function buildStep(e: ImageEventLike, buildId: string, imageCount: number): BuildStep | null {
  if (!e.type.startsWith('image.')) return null;
  const p = (e.payload ?? {}) as Payload;
  if (p.buildId !== buildId) return null;
  const image = typeof p.image === 'string' ? p.image : 'image';
  const share = Math.floor(100 / Math.max(1, imageCount));
  const none: BuildStep = { message: null, increment: 0, finished: null, failure: null };
  switch (e.type) {
    case 'image.build_progress': {
      const lines = Array.isArray(p.lines) ? p.lines.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
      const last = lines.at(-1)?.trim();
      if (!last) return none;
      const stage = p.stage === 'base' ? 'base' : 'image';
      return { ...none, message: `${image} (${stage}): ${truncate(last, 120)}` };
    }
    case 'image.built':
      return { ...none, message: `${typeof p.tag === 'string' ? p.tag : image} built in ${seconds(p.seconds)}`, increment: share };
    case 'image.build_failed':
      return { ...none, message: `${image} failed`, increment: share, failure: `${image}: ${typeof p.message === 'string' ? p.message : 'failed'}` };
    case 'image.build_finished':
      return { ...none, finished: { ok: p.ok === true, seconds: typeof p.seconds === 'number' ? p.seconds : 0 } };
    default:
      return none;
  }
}

function seconds(v: unknown): string {
  return typeof v === 'number' ? `${Math.round(v)} s` : '?';
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
