// Landing a session on its base branch. The merge is computed first, in memory (`merge-tree`),
// against the worktree as it is (uncommitted work included); only when it is clean, the checkout
// holding the base branch (if any) has no local changes in the files it touches and is not in the
// middle of a merge or rebase, does anything move. Then the base branch advances by one commit
// (squash) or one merge commit; a checkout that has it checked out is updated like `git checkout`
// would (only the touched files). Nothing is ever left half-merged.
import type { PlanEntry } from '../protocol/entities.js';
import type { MergeBlocker, MergeConflict, MergePreview, MergeStrategy } from '../protocol/reviewEntities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { Store } from '../storage/store.js';
import { changedPaths } from '../worktrees/changes.js';
import { commitTree, updateRef } from '../worktrees/commits.js';
import { checkoutOf, dirtyPaths, mergeTrees, operationInProgress, switchCheckoutFiles } from '../worktrees/merge.js';
import { resolveCommit } from '../worktrees/queries.js';
import type { RepoLocks } from '../worktrees/repoLock.js';
import { resetIndexToHead } from '../worktrees/worktreeReset.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import { worktreeCommit, type ReviewFlags } from './reviewFlags.js';
import { defaultMergeMessage } from './reviewMessage.js';
import { assertAgentIdle, baseBranchOf, type ReviewTarget } from './reviewTarget.js';
import type { SessionRecords } from './sessionRecords.js';

export interface MergeRequest {
  strategy?: MergeStrategy | undefined;
  message?: string | undefined;
  /** The branch to merge into; default: the session's base ref when it is a local branch. */
  into?: string | undefined;
}

export interface MergeOutcome {
  into: string;
  strategy: MergeStrategy;
  commit: string;
  previousTip: string;
  files: string[];
  checkout: string | null;
}

interface MergePlan extends MergePreview {
  /** A commit whose tree is the worktree (HEAD, or a snapshot of uncommitted work on top of it). */
  sessionCommit: string;
  head: string;
  snapshot: boolean;
  mergedTree: string;
}

export class ReviewMerge {
  constructor(
    private readonly store: Store,
    private readonly records: SessionRecords,
    private readonly bus: EventBus,
    private readonly locks: RepoLocks,
    private readonly flags: ReviewFlags,
  ) {}

  /** What a merge would do now, changing nothing (objects aside). */
  async preview(t: ReviewTarget, req: MergeRequest): Promise<MergePreview> {
    const { sessionCommit: _c, head: _h, snapshot: _s, mergedTree: _t, ...preview } = await this.plan(t, req);
    return preview;
  }

  async merge(t: ReviewTarget, req: MergeRequest): Promise<MergeOutcome> {
    assertAgentIdle(t.session, 'merge');
    const repo = t.project.repoPath;
    return this.locks.run(repo, async () => {
      const plan = await this.plan(t, req);
      if (plan.blocker !== null) throw await this.refuse(t, plan, plan.blocker);
      const message = req.message?.trim() ? req.message : plan.message;

      if (plan.strategy === 'merge' && plan.snapshot) {
        // A merge commit's second parent must be on the session branch, so the uncommitted work
        // becomes a commit there first (the index follows; the files are already as committed).
        const moved = await updateRef(repo, `refs/heads/${t.branch}`, plan.sessionCommit, plan.head, `switchboard: commit the worktree of session ${t.session.shortId} before merging`);
        if (moved === 'moved') throw raced(`the session branch ${t.branch}`);
        await resetIndexToHead(t.worktree);
      }
      const parents = plan.strategy === 'squash' ? [plan.baseTip] : [plan.baseTip, plan.sessionCommit];
      const commit = await commitTree(repo, plan.mergedTree, parents, message);
      const reason = `switchboard: ${plan.strategy} session ${t.session.shortId}`;

      if (plan.checkout !== null) {
        // Files first, then the ref (compare-and-swap): if the ref moved meanwhile, the files go back.
        try {
          await switchCheckoutFiles(plan.checkout, plan.baseTip, commit);
        } catch (err) {
          throw new SwitchboardError('conflict', `could not update ${plan.checkout}: ${(err as Error).message}; nothing was changed`, undefined, {
            reason: 'dirty_checkout',
            into: plan.into,
            checkout: plan.checkout,
            files: [],
          });
        }
        if ((await updateRef(repo, `refs/heads/${plan.into}`, commit, plan.baseTip, reason)) === 'moved') {
          await switchCheckoutFiles(plan.checkout, commit, plan.baseTip).catch(() => undefined);
          throw raced(plan.into);
        }
      } else if ((await updateRef(repo, `refs/heads/${plan.into}`, commit, plan.baseTip, reason)) === 'moved') {
        throw raced(plan.into);
      }

      this.flags.recordMerge(t, { how: plan.strategy, into: plan.into, commit, at: nowIso() }, plan.files.length, plan.checkout);
      return { into: plan.into, strategy: plan.strategy, commit, previousTip: plan.baseTip, files: plan.files, checkout: plan.checkout };
    });
  }

  private async plan(t: ReviewTarget, req: MergeRequest): Promise<MergePlan> {
    const repo = t.project.repoPath;
    const strategy = req.strategy ?? 'squash';
    const into = req.into ?? (await baseBranchOf(t));
    if (into === null) {
      throw new SwitchboardError('invalid_request', `the session's base ${t.session.baseRef} is not a local branch; name the branch to merge into`, 'into');
    }
    if (into === t.branch) throw new SwitchboardError('invalid_request', 'a session cannot be merged into its own branch', 'into');
    const baseTip = await resolveCommit(repo, `refs/heads/${into}`);
    if (baseTip === null) throw new SwitchboardError('invalid_request', `into: no branch ${into} in ${t.project.slug}`, 'into');

    const drift = await this.flags.checkDrift(t);
    const tip = await worktreeCommit(t, true);
    if (tip === null) throw new SwitchboardError('conflict', `the worktree of session ${t.session.shortId} has no commit checked out`, undefined, { reason: 'drift' });
    const merged = await mergeTrees(repo, baseTip, tip.commit);
    const files = await changedPaths(repo, baseTip, merged.tree);
    const checkout = await checkoutOf(repo, into);
    const [dirty, busy] = checkout === null ? [new Set<string>(), null] : await Promise.all([dirtyPaths(checkout), operationInProgress(checkout)]);
    const dirtyFiles = files.filter((f) => dirty.has(f));

    let blocker: MergeBlocker | null = null;
    if (drift) blocker = 'drift';
    else if (!merged.clean) blocker = 'merge_conflict';
    else if (files.length === 0) blocker = 'nothing_to_merge';
    else if (busy !== null) blocker = 'operation_in_progress';
    else if (dirtyFiles.length > 0) blocker = 'dirty_checkout';

    return {
      sessionId: t.session.id,
      into,
      strategy,
      baseTip,
      canMerge: blocker === null,
      blocker,
      conflicts: merged.conflicts satisfies MergeConflict[],
      dirtyFiles,
      files,
      checkout,
      message: defaultMergeMessage({ session: t.session, strategy, followups: this.followups(t), plan: this.latestPlan(t) }),
      sessionCommit: tip.commit,
      head: tip.head,
      snapshot: tip.snapshot,
      mergedTree: merged.tree,
    };
  }

  /** The 409 for a blocked merge, announced as an event where someone may be waiting on it. */
  private async refuse(t: ReviewTarget, plan: MergePlan, blocker: MergeBlocker): Promise<SwitchboardError> {
    const scope = this.records.scope(t.session);
    const base = { reason: blocker, into: plan.into, strategy: plan.strategy };
    switch (blocker) {
      case 'merge_conflict': {
        this.bus.emit('review.merge_conflict', scope, { into: plan.into, strategy: plan.strategy, conflicts: plan.conflicts });
        const names = plan.conflicts.map((c) => c.path);
        return new SwitchboardError('conflict', `merging into ${plan.into} would conflict in ${names.length} file(s): ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}; nothing was changed`, undefined, {
          ...base,
          conflicts: plan.conflicts,
        });
      }
      case 'dirty_checkout': {
        const detail = `${plan.checkout ?? 'the checkout'} has uncommitted changes in ${plan.dirtyFiles.length} file(s) the merge would change: ${plan.dirtyFiles.slice(0, 10).join(', ')}; commit or stash them first`;
        this.bus.emit('review.merge_refused', scope, { into: plan.into, strategy: plan.strategy, reason: 'dirty_checkout', checkout: plan.checkout, files: plan.dirtyFiles, detail });
        return new SwitchboardError('conflict', `not merged: ${detail}`, undefined, { ...base, checkout: plan.checkout, files: plan.dirtyFiles });
      }
      case 'operation_in_progress': {
        const what = (plan.checkout && (await operationInProgress(plan.checkout))) ?? 'an operation';
        const detail = `${plan.checkout ?? 'the checkout'} of ${plan.into} is in the middle of ${what}; finish or abort it first`;
        this.bus.emit('review.merge_refused', scope, { into: plan.into, strategy: plan.strategy, reason: 'operation_in_progress', checkout: plan.checkout, files: [], detail });
        return new SwitchboardError('conflict', `not merged: ${detail}`, undefined, { ...base, checkout: plan.checkout });
      }
      case 'nothing_to_merge': {
        await this.flags.checkMerged(t, plan.sessionCommit, plan.into);
        return new SwitchboardError('conflict', `nothing to merge: ${plan.into} already has every change of session ${t.session.shortId}`, undefined, base);
      }
      case 'drift': {
        const drift = this.records.get(t.session.id).drift ?? null;
        return new SwitchboardError('conflict', `the worktree of session ${t.session.shortId} is not on its branch ${t.branch} (it is on ${drift?.actualBranch ?? 'a detached HEAD'}); switch it back first`, undefined, {
          ...base,
          drift,
        });
      }
    }
  }

  private followups(t: ReviewTarget): string[] {
    return this.store.turns
      .listBySession(t.session.id)
      .filter((turn) => turn.index > 0)
      .map((turn) => turn.prompt);
  }

  private latestPlan(t: ReviewTarget): PlanEntry[] | null {
    let latest: PlanEntry[] | null = null;
    for (const e of this.store.events.iterate({ sessionId: t.session.id, types: ['plan'] })) if (e.type === 'plan') latest = e.payload.entries;
    return latest;
  }
}

function raced(what: string): SwitchboardError {
  return new SwitchboardError('conflict', `${what} moved while merging; nothing was changed, try again`, undefined, { reason: 'ref_moved' });
}
