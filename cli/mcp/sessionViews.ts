// What the MCP tools show of the daemon's records: the fields a model acts on, named plainly, with
// projects by slug. The daemon's own shapes carry much more (capabilities, ports, disk…) that
// would only cost the model context.
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import type { PermissionRequest, Project, Session, Turn } from '../../daemon/protocol/entities.js';
import type { Changes } from '../../daemon/protocol/reviewEntities.js';
import type { SessionDetail } from '../../daemon/protocol/routes.js';

export type Slugs = ReadonlyMap<string, string>;

/** Project id → slug, to name projects the way people and `start_session` do. */
export async function projectSlugs(client: SwitchboardClient): Promise<Slugs> {
  const { projects } = await client.api.listProjects();
  return new Map(projects.map((p) => [p.id, p.slug]));
}

export function projectView(p: Project): Record<string, unknown> {
  return { slug: p.slug, name: p.name, id: p.id, repoPath: p.repoPath, defaultBranch: p.defaultBranch };
}

export function sessionView(s: Session, slugs: Slugs): Record<string, unknown> {
  return {
    id: s.id,
    shortId: s.shortId,
    state: s.state,
    stateReason: s.stateReason,
    stateDetail: s.stateDetail,
    agent: s.agent,
    action: s.action,
    project: slugs.get(s.projectId) ?? s.projectId,
    title: s.title,
    branch: s.branch,
    baseRef: s.baseRef,
    permissionPolicy: s.permissionPolicy,
    createdAt: s.createdAt,
    endedAt: s.endedAt,
    merged: s.merged ? { into: s.merged.into, how: s.merged.how, commit: s.merged.commit } : null,
  };
}

/** A pending request with what answer_permission needs: its id and the agent's options. */
export function permissionView(p: PermissionRequest): Record<string, unknown> {
  const title = p.toolCall['title'];
  return {
    requestId: p.id,
    title: typeof title === 'string' ? title : 'a tool call',
    kind: typeof p.toolCall['kind'] === 'string' ? p.toolCall['kind'] : null,
    options: p.options.map((o) => ({ optionId: o.optionId, name: o.name, kind: o.kind })),
  };
}

export function turnView(t: Turn): Record<string, unknown> {
  return { index: t.index, state: t.state, stopReason: t.stopReason, error: t.error, prompt: t.prompt.length > 300 ? `${t.prompt.slice(0, 299)}…` : t.prompt };
}

/** Tokens and the agent's own cumulative cost (null for agents that report none). */
export function usageView(s: Session): Record<string, unknown> | null {
  const u = s.usage;
  if (!u) return null;
  return { cost: u.cost, inputTokens: u.inputTokens, outputTokens: u.outputTokens, totalTokens: u.totalTokens, contextUsed: u.contextUsed, contextSize: u.contextSize };
}

export function changesView(c: Changes): Record<string, unknown> {
  return {
    turn: c.turn,
    from: c.from,
    to: c.to,
    files: c.files.map((f) => ({ path: f.path, oldPath: f.oldPath, status: f.status, additions: f.additions, deletions: f.deletions, binary: f.binary })),
    totals: c.totals,
    merged: c.merged,
    drift: c.drift,
  };
}

/** The session with its turns and what waits for an answer. */
export function detailView(d: SessionDetail, slugs: Slugs): Record<string, unknown> {
  return {
    session: sessionView(d.session, slugs),
    turns: d.turns.map(turnView),
    pendingPermissions: d.pendingPermissions.map(permissionView),
    usage: usageView(d.session),
  };
}
