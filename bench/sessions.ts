// Session chores the benchmarks share, all through the typed client: register a project, start a
// session, count what the store holds, and clean up (untimed) between iterations.
import type { Session } from '../daemon/protocol/entities.js';
import type { BenchDaemon } from './benchDaemon.js';
import { makeRepo } from './benchRepo.js';
import type { TempDirs } from './tempDirs.js';
import { pollUntil } from './timing.js';

let projectCounter = 0;

/** A new repository with `fileCount` files, registered under a fresh slug; returns the slug. */
export async function newProject(daemon: BenchDaemon, tmp: TempDirs, fileCount: number, prefix: string): Promise<{ slug: string; repo: string }> {
  const repo = makeRepo(tmp, fileCount);
  const slug = `${prefix}-${++projectCounter}`;
  await daemon.client.api.addProject({ body: { path: repo, slug } });
  return { slug, repo };
}

export interface SessionStart {
  project: string;
  prompt: string;
  /** An ad-hoc agent command; the demo agent when absent. */
  spawn?: { command: string; args: string[] };
  /** A template by name (instead of `spawn`); default `demo`. */
  agent?: string;
}

export async function createSession(daemon: BenchDaemon, s: SessionStart): Promise<Session> {
  const body = {
    project: s.project,
    action: 'implement' as const,
    prompt: s.prompt,
    permissionPolicy: 'allow-all' as const,
    ...(s.spawn ? { spawn: { command: s.spawn.command, args: s.spawn.args, env: {} } } : { agent: s.agent ?? 'demo' }),
  };
  return (await daemon.client.api.createSession({ body })).session;
}

export async function waitForStates(daemon: BenchDaemon, sessionId: string, states: readonly string[], timeoutMs = 120_000): Promise<string> {
  return pollUntil(`session ${sessionId} to reach ${states.join('|')}`, async () => {
    const s = (await daemon.client.api.getSession({ params: { id: sessionId } })).session.state;
    return states.includes(s) ? s : null;
  }, timeoutMs, 50);
}

/**
 * Stored events of these types in the session, counted a page at a time. Pages of 5,000, not the
 * route's maximum of 10,000: at the maximum the daemon never answers `hasMore: true` (the
 * handler asks the store for limit + 1 rows and the store caps that at 10,000), so paging at
 * 10,000 silently stops after the first page.
 */
export async function countStored(daemon: BenchDaemon, sessionId: string, types: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(types.map((t) => [t, 0]));
  let since = 0;
  for (;;) {
    const page = await daemon.client.api.listEvents({ query: { session: sessionId, type: types.join(','), since, limit: 5_000 } });
    for (const e of page.events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    if (!page.hasMore) return counts;
    since = page.lastSeq;
  }
}

/** Waits for the session to settle, then deletes it with its worktree and branch. */
export async function deleteSession(daemon: BenchDaemon, sessionId: string): Promise<void> {
  await waitForStates(daemon, sessionId, ['completed', 'failed', 'stopped']);
  await daemon.client.api.deleteSession({ params: { id: sessionId }, query: { deleteBranch: 'true' } });
}

/** A failed wait's explanation: the session's state and its last events, and the daemon's last output. */
export async function explainSession(daemon: BenchDaemon, sessionId: string, err: unknown): Promise<Error> {
  const lines = [err instanceof Error ? err.message : String(err)];
  try {
    const { session } = await daemon.client.api.getSession({ params: { id: sessionId } });
    lines.push(`session ${session.shortId}: ${session.state} ${session.stateReason ?? ''} ${session.stateDetail ?? ''}`);
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, limit: 10_000 } });
    for (const e of events.filter((e) => e.type !== 'agent.message_chunk').slice(-15)) lines.push(`  ${e.seq} ${e.type} ${JSON.stringify(e.payload).slice(0, 200)}`);
  } catch (inner) {
    lines.push(`(could not read the session: ${inner instanceof Error ? inner.message : String(inner)})`);
  }
  lines.push(`daemon output tail:\n${daemon.outputTail.slice(-2000)}`);
  return new Error(lines.join('\n'));
}
