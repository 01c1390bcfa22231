// The node objects of the Sessions view. Plain data (ids only), so a node stays valid while the
// session it names changes; the provider looks the current record up in the model.
import type { ArtifactNode } from '../artifacts/artifactNodes.js';

export type TreeNode =
  | { kind: 'project'; projectId: string }
  | { kind: 'session'; sessionId: string; projectId: string }
  | { kind: 'archived'; projectId: string }
  | { kind: 'empty'; projectId: string }
  // Review (extension/review/changeNodes.ts): under a session with a worktree, a summary line
  // (all changes or one turn's), then its changed files, in folders when there are many.
  | { kind: 'changes'; sessionId: string; projectId: string }
  | { kind: 'changeFolder'; sessionId: string; projectId: string; folder: string }
  | { kind: 'change'; sessionId: string; projectId: string; path: string }
  | { kind: 'changesNote'; sessionId: string; projectId: string; note: ChangesNote }
  // Artifacts (extension/artifacts/artifactNodes.ts): under a session, Artifacts → Turn N → transcript, plan, diff.
  | ArtifactNode;

/** A line under a session that is not a file: a failed listing, or the worktree off its branch. */
export type ChangesNote = 'error' | 'drift';

export type SessionNode = Extract<TreeNode, { kind: 'session' }>;
export type ProjectNode = Extract<TreeNode, { kind: 'project' }>;
export type ChangeNode = Extract<TreeNode, { kind: 'change' }>;
export type ChangeFolderNode = Extract<TreeNode, { kind: 'changeFolder' }>;
/** The nodes below a session (review). */
export type ReviewNode = Extract<TreeNode, { kind: 'changes' | 'changeFolder' | 'change' | 'changesNote' }>;

export function isReviewNode(n: TreeNode): n is ReviewNode {
  return n.kind === 'changes' || n.kind === 'changeFolder' || n.kind === 'change' || n.kind === 'changesNote';
}

export function isChangeNode(v: unknown): v is ChangeNode {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'change' && typeof (v as { path?: unknown }).path === 'string';
}

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
    this.#review.delete(sessionId);
  }

  changes(sessionId: string, projectId: string): ReviewNode {
    return this.#reviewNode(sessionId, 'summary', () => ({ kind: 'changes', sessionId, projectId }));
  }
  changeFolder(sessionId: string, projectId: string, folder: string): ReviewNode {
    return this.#reviewNode(sessionId, `d:${folder}`, () => ({ kind: 'changeFolder', sessionId, projectId, folder }));
  }
  change(sessionId: string, projectId: string, path: string): ChangeNode {
    return this.#reviewNode(sessionId, `f:${path}`, () => ({ kind: 'change', sessionId, projectId, path })) as ChangeNode;
  }
  changesNote(sessionId: string, projectId: string, note: ChangesNote): ReviewNode {
    return this.#reviewNode(sessionId, `n:${note}`, () => ({ kind: 'changesNote', sessionId, projectId, note }));
  }
  /** The review nodes of a session, dropped when its listing is replaced (files come and go). */
  forgetReview(sessionId: string): void {
    this.#review.delete(sessionId);
  }

  readonly #review = new Map<string, Map<string, ReviewNode>>();
  #reviewNode(sessionId: string, key: string, make: () => ReviewNode): ReviewNode {
    let nodes = this.#review.get(sessionId);
    if (!nodes) this.#review.set(sessionId, (nodes = new Map()));
    let n = nodes.get(key);
    if (!n) nodes.set(key, (n = make()));
    return n;
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
