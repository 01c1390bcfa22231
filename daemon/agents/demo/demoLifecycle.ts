// The rest of the session lifecycle, offered only when asked for (DEMO_AGENT_SESSION_CAPS=resume,close,list)
// so the demo agent's default stays `session/load`: session/resume (no replay), session/close, and
// session/list over its own history, two sessions a page so clients must follow the cursor.
import type { DemoHistory } from './history.js';

const KNOWN = ['resume', 'close', 'list'] as const;
type LifecycleCapability = (typeof KNOWN)[number];

/** `sessionCapabilities` for initialize, from DEMO_AGENT_SESSION_CAPS. */
export function sessionCapabilities(env: NodeJS.ProcessEnv): Partial<Record<LifecycleCapability, Record<string, never>>> {
  const asked = (env.DEMO_AGENT_SESSION_CAPS ?? '').split(',').map((s) => s.trim());
  return Object.fromEntries(KNOWN.filter((c) => asked.includes(c)).map((c) => [c, {}]));
}

const PAGE_SIZE = 2;

/** One page of the sessions started in `cwd` (all when null), newest first; the cursor is an offset. */
export async function listPage(
  history: DemoHistory,
  cwd: string | null,
  cursor: string | null,
): Promise<{ sessions: Array<{ sessionId: string; cwd: string; title: string | null; updatedAt: string }>; nextCursor: string | null }> {
  const all = (await history.list()).filter((r) => cwd === null || r.cwd === cwd);
  const from = cursor === null ? 0 : Number.parseInt(cursor, 10) || 0;
  const page = all.slice(from, from + PAGE_SIZE).map((r) => ({
    sessionId: r.sessionId,
    cwd: r.cwd,
    title: r.turns[0]?.prompt.slice(0, 60) ?? null,
    updatedAt: r.createdAt,
  }));
  return { sessions: page, nextCursor: from + PAGE_SIZE < all.length ? String(from + PAGE_SIZE) : null };
}
