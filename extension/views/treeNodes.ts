// The node objects of the Sessions view. Plain data (ids only), so a node stays valid while the
// session it names changes; the provider looks the current record up in the model.
export type TreeNode =
  | { kind: 'project'; projectId: string }
  | { kind: 'session'; sessionId: string; projectId: string }
  | { kind: 'archived'; projectId: string }
  | { kind: 'empty'; projectId: string };

export type SessionNode = Extract<TreeNode, { kind: 'session' }>;
export type ProjectNode = Extract<TreeNode, { kind: 'project' }>;

export function isSessionNode(v: unknown): v is SessionNode {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'session' && typeof (v as { sessionId?: unknown }).sessionId === 'string';
}

export function isProjectNode(v: unknown): v is ProjectNode {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'project' && typeof (v as { projectId?: unknown }).projectId === 'string';
}

/** Interns nodes by key so VS Code sees the same object for the same item across refreshes. */
export class NodeCache {
  readonly #nodes = new Map<string, TreeNode>();

  project(projectId: string): ProjectNode {
    return this.#get(`p:${projectId}`, () => ({ kind: 'project', projectId })) as ProjectNode;
  }
  session(sessionId: string, projectId: string): SessionNode {
    const n = this.#get(`s:${sessionId}`, () => ({ kind: 'session', sessionId, projectId })) as SessionNode;
    // A session never moves between projects, but keep the node truthful if it ever did.
    n.projectId = projectId;
    return n;
  }
  archived(projectId: string): TreeNode {
    return this.#get(`a:${projectId}`, () => ({ kind: 'archived', projectId }));
  }
  empty(projectId: string): TreeNode {
    return this.#get(`e:${projectId}`, () => ({ kind: 'empty', projectId }));
  }
  forget(sessionId: string): void {
    this.#nodes.delete(`s:${sessionId}`);
  }

  #get(key: string, make: () => TreeNode): TreeNode {
    let n = this.#nodes.get(key);
    if (!n) this.#nodes.set(key, (n = make()));
    return n;
  }
}

/** A project's children: active sessions, then one "Archived (n)" group, or a placeholder. */
export function projectChildren(
  sessions: readonly { id: string; state: string }[],
  projectId: string,
  nodes: NodeCache,
): TreeNode[] {
  const out: TreeNode[] = [];
  let archived = 0;
  for (const s of sessions) {
    if (s.state === 'archived') archived++;
    else if (s.state !== 'deleted') out.push(nodes.session(s.id, projectId));
  }
  if (archived > 0) out.push(nodes.archived(projectId));
  if (out.length === 0) out.push(nodes.empty(projectId));
  return out;
}

export function archivedChildren(sessions: readonly { id: string; state: string }[], projectId: string, nodes: NodeCache): TreeNode[] {
  return sessions.filter((s) => s.state === 'archived').map((s) => nodes.session(s.id, projectId));
}
