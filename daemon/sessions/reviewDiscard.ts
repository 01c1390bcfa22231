// Discard: the session's worktree back to its base commit — the agent's commits on the session
// branch, its staged and unstaged edits and its untracked files all go. Not silently lost: the
// state just before is kept as a commit under refs/switchboard/discarded/<session>/<time>, named
// in the event, and the session's checkpoints are dropped (the turns they describe are undone).
import { SwitchboardError } from '../protocol/errors.js';
import { listWorktreeChanges } from '../worktrees/changes.js';
import { checkpointRefPrefix, deleteRefsUnder, discardedRef } from '../worktrees/checkpointRefs.js';
import { commitTree, updateRef, worktreeTree } from '../worktrees/commits.js';
import { headCommit } from '../worktrees/queries.js';
import type { RepoLocks } from '../worktrees/repoLock.js';
import { resetWorktreeTo } from '../worktrees/worktreeReset.js';
import type { EventBus } from './eventBus.js';
import type { ReviewFlags } from './reviewFlags.js';
import { assertAgentIdle, type ReviewTarget } from './reviewTarget.js';
import type { SessionRecords } from './sessionRecords.js';

export interface DiscardOutcome {
  baseCommit: string;
  files: number;
  backupRef: string | null;
  backupCommit: string | null;
  checkpointsRemoved: number;
}

export class ReviewDiscard {
  constructor(
    private readonly records: SessionRecords,
    private readonly bus: EventBus,
    private readonly locks: RepoLocks,
    private readonly flags: ReviewFlags,
  ) {}

  async discard(t: ReviewTarget): Promise<DiscardOutcome> {
    assertAgentIdle(t.session, 'discard');
    const repo = t.project.repoPath;
    return this.locks.run(repo, async () => {
      // On another branch, a hard reset would throw away that branch's commits, not the session's.
      const drift = await this.flags.checkDrift(t);
      if (drift) {
        throw new SwitchboardError('conflict', `the worktree of session ${t.session.shortId} is not on its branch ${t.branch} (it is on ${drift.actualBranch ?? 'a detached HEAD'}); switch it back first`, undefined, {
          reason: 'drift',
          drift,
        });
      }
      const [{ changes }, head] = await Promise.all([listWorktreeChanges(t.worktree, t.baseCommit), headCommit(t.worktree)]);

      let backupRef: string | null = null;
      let backupCommit: string | null = null;
      if (head !== null && (changes.length > 0 || head !== t.baseCommit)) {
        const tree = await worktreeTree(t.worktree);
        backupCommit = await commitTree(repo, tree, [head], `Switchboard: worktree of session ${t.session.shortId} before discard\n\nSwitchboard-Session: ${t.session.id}`);
        backupRef = discardedRef(t.session.id, new Date().toISOString());
        await updateRef(repo, backupRef, backupCommit, undefined, 'switchboard: keep the worktree before discarding it');
      }

      await resetWorktreeTo(t.worktree, t.baseCommit);
      const checkpointsRemoved = await deleteRefsUnder(repo, checkpointRefPrefix(t.session.id));
      this.flags.clearMerged(t);
      const outcome: DiscardOutcome = { baseCommit: t.baseCommit, files: changes.length, backupRef, backupCommit, checkpointsRemoved };
      this.bus.emit('review.discarded', this.records.scope(t.session), outcome);
      return outcome;
    });
  }
}
