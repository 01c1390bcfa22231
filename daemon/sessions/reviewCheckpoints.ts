// Per-turn checkpoints: after each turn, the worktree as it is (commits, staged, unstaged and
// untracked files) becomes a commit of the daemon's, chained to the previous checkpoint (the base
// commit for the first) and kept under refs/switchboard/checkpoints/<session>/<turn>. So turn N's
// own changes are checkpoint(N-1)..checkpoint(N). The worktree, its index, its branch and the
// user's commits are never touched: the tree comes from a scratch index.
import type { Turn } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { Revision } from '../protocol/reviewEntities.js';
import type { Store } from '../storage/store.js';
import { listTreeChanges } from '../worktrees/changes.js';
import { checkpointRef, listCheckpointRefs, type CheckpointRef } from '../worktrees/checkpointRefs.js';
import { commitTree, updateRef, worktreeTree } from '../worktrees/commits.js';
import type { RepoLocks } from '../worktrees/repoLock.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { ReviewTarget } from './reviewTarget.js';
import type { SessionRecords } from './sessionRecords.js';

export interface TurnRange {
  from: Revision & { commit: string };
  to: Revision;
}

export class ReviewCheckpoints {
  constructor(
    private readonly store: Store,
    private readonly records: SessionRecords,
    private readonly bus: EventBus,
    private readonly locks: RepoLocks,
  ) {}

  /** Records the worktree after `turn`, unless the session's policy is `none`. */
  async create(t: ReviewTarget, turn: Turn): Promise<CheckpointRef | null> {
    if ((this.records.get(t.session.id).checkpointPolicy ?? 'per-turn') === 'none') return null;
    const repo = t.project.repoPath;
    // The scan of the worktree (the slow part: every file into a scratch index) touches only this
    // session's worktree and the object store, which git writes safely in parallel; only the commit
    // and the ref update are serialized with other git work on the repository, so a large
    // checkpoint does not hold up new sessions' worktrees.
    const earlier = (await listCheckpointRefs(repo, t.session.id)).filter((c) => c.turn < turn.index);
    const parent = earlier.at(-1)?.commit ?? t.baseCommit;
    const tree = await worktreeTree(t.worktree);
    const ref = checkpointRef(t.session.id, turn.index);
    const commit = await this.locks.run(repo, async () => {
      const message = `Switchboard checkpoint: session ${t.session.shortId}, turn ${turn.index}\n\nSwitchboard-Session: ${t.session.id}`;
      const made = await commitTree(repo, tree, [parent], message);
      await updateRef(repo, ref, made, undefined, `switchboard: checkpoint after turn ${turn.index}`);
      return made;
    });
    const changes = await listTreeChanges(repo, parent, commit);
    this.bus.emit('review.checkpoint_created', this.records.scope(t.session), {
      turn: turn.index,
      commit,
      ref,
      parent,
      files: changes.length,
      additions: changes.reduce((n, c) => n + (c.additions ?? 0), 0),
      deletions: changes.reduce((n, c) => n + (c.deletions ?? 0), 0),
    });
    return { turn: turn.index, commit, ref, createdAt: nowIso() };
  }

  list(t: ReviewTarget): Promise<CheckpointRef[]> {
    return listCheckpointRefs(t.project.repoPath, t.session.id);
  }

  /**
   * The two sides of turn `index`'s own changes: the nearest earlier checkpoint (or the base) and
   * the turn's checkpoint — or the live worktree while the turn has not ended. A finished turn
   * without a checkpoint (policy `none`, or discarded since) has no own diff: 404.
   */
  async turnRange(t: ReviewTarget, index: number): Promise<TurnRange> {
    const turn = this.store.turns.listBySession(t.session.id).find((x) => x.index === index);
    if (!turn) throw new SwitchboardError('not_found', `session ${t.session.shortId} has no turn ${index}`, 'turn');
    const checkpoints = await this.list(t);
    const previous = checkpoints.filter((c) => c.turn < index).at(-1);
    const from: TurnRange['from'] = previous
      ? { kind: 'checkpoint', commit: previous.commit, turn: previous.turn }
      : { kind: 'base', commit: t.baseCommit, turn: null };
    const own = checkpoints.find((c) => c.turn === index);
    if (own) return { from, to: { kind: 'checkpoint', commit: own.commit, turn: index } };
    if (turn.state !== 'done') return { from, to: { kind: 'worktree', commit: null, turn: null } };
    throw new SwitchboardError('not_found', `turn ${index} of session ${t.session.shortId} has no checkpoint (checkpoints were off then, or the session was discarded since)`, 'turn');
  }
}
