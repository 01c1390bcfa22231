// The two facts about a session that can change behind the daemon's back: its worktree left its
// branch (drift), and its changes reached the base branch (merged, possibly by hand as a squash).
// Each check records a change of the flag on the session and announces it; an unchanged flag
// stays silent, so checking often (every turn end, every listing) costs no events.
import type { Drift, Merged } from '../protocol/reviewEntities.js';
import { commitTree, treesOf, worktreeTree } from '../worktrees/commits.js';
import { dirtyPaths, mergeTrees } from '../worktrees/merge.js';
import { currentBranch, headCommit, resolveCommit } from '../worktrees/queries.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { ReviewTarget } from './reviewTarget.js';
import type { SessionRecords } from './sessionRecords.js';

export class ReviewFlags {
  constructor(
    private readonly records: SessionRecords,
    private readonly bus: EventBus,
  ) {}

  /** Compares the worktree's HEAD with the session's branch. */
  async checkDrift(t: ReviewTarget): Promise<Drift | null> {
    const [branch, head] = await Promise.all([currentBranch(t.worktree), headCommit(t.worktree)]);
    const current = this.records.get(t.session.id).drift ?? null;
    const scope = this.records.scope(t.session);
    if (branch === t.branch) {
      if (current) {
        this.records.update(t.session.id, { drift: null }, true);
        this.bus.emit('review.drift_resolved', scope, { branch });
      }
      return null;
    }
    // Same wrong branch as already reported: nothing new to say (new commits on it are not news).
    if (current && current.actualBranch === branch) return current;
    const drift: Drift = { expectedBranch: t.branch, actualBranch: branch, head, detectedAt: nowIso() };
    this.records.update(t.session.id, { drift }, true);
    this.bus.emit('review.drift_detected', scope, drift);
    return drift;
  }

  /**
   * Whether the changes of `sessionCommit` (a commit whose tree is the session's state) are all on
   * `baseBranch` (or on the branch a recorded merge went into) already — by patch equivalence
   * rather than ancestry, so a squash merge (ours or one done by hand) counts: merging the
   * session into the branch tip would change nothing. A session without changes is not merged.
   * Without a branch nothing can be said and the flag stays as it is.
   */
  async checkMerged(t: ReviewTarget, sessionCommit: string, baseBranch: string | null): Promise<Merged | null> {
    const current = this.records.get(t.session.id).merged ?? null;
    // A merge recorded into another branch (`into`) is re-checked where it landed.
    const branch = current?.into ?? baseBranch;
    if (branch === null) return current;
    const repo = t.project.repoPath;
    const tip = await resolveCommit(repo, `refs/heads/${branch}`);
    if (tip === null) return current;
    const [sessionTree, baseTree, tipTree] = await treesOf(repo, [sessionCommit, t.baseCommit, tip]);
    let contained = false;
    if (sessionTree !== baseTree) {
      const merge = await mergeTrees(repo, tip, sessionCommit);
      contained = merge.clean && merge.tree === tipTree;
    }

    if (contained) {
      if (current) return current;
      const merged: Merged = { how: 'detected', into: branch, commit: tip, at: nowIso() };
      this.records.update(t.session.id, { merged }, true);
      this.bus.emit('review.merged', this.records.scope(t.session), { how: 'detected', into: branch, commit: tip, files: 0, checkout: null });
      return merged;
    }
    // New work since (or a revert on the base branch): the session has unmerged changes again.
    if (current) this.records.update(t.session.id, { merged: null }, true);
    return null;
  }

  /** Records a merge the daemon made itself. */
  recordMerge(t: ReviewTarget, merged: Merged, files: number, checkout: string | null): void {
    this.records.update(t.session.id, { merged }, true);
    this.bus.emit('review.merged', this.records.scope(t.session), { how: merged.how, into: merged.into, commit: merged.commit, files, checkout });
  }

  clearMerged(t: ReviewTarget): void {
    if (this.records.get(t.session.id).merged) this.records.update(t.session.id, { merged: null }, true);
  }
}

/**
 * A commit whose tree is the worktree as it is: HEAD when nothing is uncommitted, else (only when
 * `snapshot` is allowed, since it writes objects) a new unreferenced commit on top of HEAD.
 */
export async function worktreeCommit(t: ReviewTarget, snapshot: boolean): Promise<{ commit: string; head: string; snapshot: boolean } | null> {
  const [head, dirty] = await Promise.all([headCommit(t.worktree), dirtyPaths(t.worktree)]);
  if (head === null) return null;
  if (dirty.size === 0) return { commit: head, head, snapshot: false };
  if (!snapshot) return null;
  const tree = await worktreeTree(t.worktree);
  const commit = await commitTree(t.project.repoPath, tree, [head], `Switchboard: uncommitted work of session ${t.session.shortId}`);
  return { commit, head, snapshot: true };
}
