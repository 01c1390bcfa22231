// What clients can ask about a session's work and do with it: its changed files (whole session
// or one turn), a file's content at the base or at a checkpoint, diffs, the review status, and
// merge and discard. The turn-end hook records checkpoints and re-checks drift and merged.
import { isUtf8 } from 'node:buffer';
import type { Session, Turn } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { ChangedFile, Changes, CheckpointPolicy, Diff, FileContent, MergePreview, Revision, ReviewStatus } from '../protocol/reviewEntities.js';
import type { Store } from '../storage/store.js';
import { readFileAtCommit } from '../worktrees/blobs.js';
import type { TreeChange } from '../worktrees/changeParsers.js';
import { listTreeChanges, listWorktreeChanges, treeDiffText, worktreeDiffText } from '../worktrees/changes.js';
import { deleteRefsUnder, sessionRefPrefixes } from '../worktrees/checkpointRefs.js';
import { headCommit } from '../worktrees/queries.js';
import type { RepoLocks } from '../worktrees/repoLock.js';
import type { EventBus } from './eventBus.js';
import type { ProjectService } from './projectService.js';
import { ReviewCheckpoints } from './reviewCheckpoints.js';
import { ReviewDiscard, type DiscardOutcome } from './reviewDiscard.js';
import { ReviewFlags, worktreeCommit } from './reviewFlags.js';
import { ReviewMerge, type MergeOutcome, type MergeRequest } from './reviewMerge.js';
import { ReviewTargets, baseBranchOf, checkRepoPath, type ReviewTarget } from './reviewTarget.js';
import type { SessionRecords } from './sessionRecords.js';

export interface ReviewDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  projects: ProjectService;
  /** The same per-repository queue the WorktreeManager uses, so ref and worktree changes never interleave. */
  locks: RepoLocks;
}

/** Larger files are refused rather than base64-inflated into one JSON answer. */
const MAX_CONTENT_BYTES = 32 * 1024 * 1024;

export class ReviewService {
  private readonly targets: ReviewTargets;
  private readonly flags: ReviewFlags;
  private readonly checkpoints: ReviewCheckpoints;
  private readonly merges: ReviewMerge;
  private readonly discards: ReviewDiscard;

  constructor(private readonly deps: ReviewDeps) {
    const { store, bus, records, projects, locks } = deps;
    this.targets = new ReviewTargets(records, projects);
    this.flags = new ReviewFlags(records, bus);
    this.checkpoints = new ReviewCheckpoints(store, records, bus, locks);
    this.merges = new ReviewMerge(store, records, bus, locks, this.flags);
    this.discards = new ReviewDiscard(records, bus, locks, this.flags);
  }

  /** Changed files against the base (committed, uncommitted, untracked), or of one turn. Checks drift, and merged when the worktree is clean. */
  async changes(id: string, turn?: number): Promise<Changes> {
    const t = this.targets.resolve(id);
    const drift = await this.flags.checkDrift(t);
    let from: Revision;
    let to: Revision;
    let files: ChangedFile[];
    if (turn === undefined) {
      from = { kind: 'base', commit: t.baseCommit, turn: null };
      to = { kind: 'worktree', commit: null, turn: null };
      const listing = await listWorktreeChanges(t.worktree, t.baseCommit);
      const status = new Map(listing.status.map((s) => [s.path, s.status]));
      files = listing.changes.map((c) => {
        const codes = [status.get(c.path), c.oldPath === null ? undefined : status.get(c.oldPath)].filter((x): x is string => x !== undefined);
        return {
          ...changedFile(c),
          committed: listing.committed.has(c.path) || (c.oldPath !== null && listing.committed.has(c.oldPath)),
          uncommitted: codes.some((code) => code !== '??'),
          untracked: codes.includes('??'),
        };
      });
      // A clean worktree is HEAD, so the merged check costs one in-memory merge and no new objects.
      if (listing.status.length === 0 && drift === null) {
        const head = await headCommit(t.worktree);
        if (head !== null) await this.flags.checkMerged(t, head, await baseBranchOf(t));
      }
    } else {
      const range = await this.checkpoints.turnRange(t, turn);
      from = range.from;
      to = range.to;
      const changes = range.to.commit !== null ? await listTreeChanges(t.project.repoPath, range.from.commit, range.to.commit) : (await listWorktreeChanges(t.worktree, range.from.commit)).changes;
      files = changes.map(changedFile);
    }
    return {
      sessionId: t.session.id,
      turn: turn ?? null,
      from,
      to,
      files,
      totals: {
        files: files.length,
        additions: files.reduce((n, f) => n + (f.additions ?? 0), 0),
        deletions: files.reduce((n, f) => n + (f.deletions ?? 0), 0),
      },
      drift,
      merged: this.deps.records.get(t.session.id).merged ?? null,
    };
  }

  /** The left side of a diff: the file at the base, or before turn `turn` (its previous checkpoint). 404 when it did not exist there. */
  async baseFile(id: string, rawPath: string, turn?: number): Promise<FileContent> {
    const t = this.targets.resolve(id);
    const filePath = checkRepoPath(rawPath);
    const revision: Revision = turn === undefined ? { kind: 'base', commit: t.baseCommit, turn: null } : (await this.checkpoints.turnRange(t, turn)).from;
    return this.fileAt(t, filePath, revision);
  }

  /** The right side of turn `turn`'s diff: the file at that turn's checkpoint. 404 when it did not exist there. */
  async checkpointFile(id: string, rawPath: string, turn: number): Promise<FileContent> {
    const t = this.targets.resolve(id);
    const filePath = checkRepoPath(rawPath);
    const { to } = await this.checkpoints.turnRange(t, turn);
    if (to.commit === null) {
      throw new SwitchboardError('not_found', `turn ${turn} is still running and has no checkpoint yet; its files are those in the worktree`, 'turn');
    }
    return this.fileAt(t, filePath, to);
  }

  /** A unified diff, whole session (base → worktree) or one turn, of one path or all. */
  async diff(id: string, rawPath?: string, turn?: number): Promise<Diff> {
    const t = this.targets.resolve(id);
    const paths = rawPath === undefined ? [] : [checkRepoPath(rawPath)];
    let from: Revision & { commit: string } = { kind: 'base', commit: t.baseCommit, turn: null };
    let to: Revision = { kind: 'worktree', commit: null, turn: null };
    if (turn !== undefined) ({ from, to } = await this.checkpoints.turnRange(t, turn));
    const diff = to.commit === null ? await worktreeDiffText(t.worktree, from.commit, paths) : await treeDiffText(t.project.repoPath, from.commit, to.commit, paths);
    return { sessionId: t.session.id, turn: turn ?? null, path: paths[0] ?? null, from, to, diff };
  }

  /** Checkpoints, policy, base branch, and fresh drift and merged flags (uncommitted work included). */
  async status(id: string): Promise<ReviewStatus> {
    const t = this.targets.resolve(id);
    const drift = await this.flags.checkDrift(t);
    const baseBranch = await baseBranchOf(t);
    const checkpoints = await this.checkpoints.list(t);
    let merged = this.deps.records.get(t.session.id).merged ?? null;
    if (drift === null) {
      const tip = await worktreeCommit(t, true);
      if (tip !== null) merged = await this.flags.checkMerged(t, tip.commit, baseBranch);
    }
    const session = this.deps.records.get(t.session.id);
    return {
      sessionId: session.id,
      checkpointPolicy: session.checkpointPolicy ?? 'per-turn',
      checkpoints,
      baseBranch,
      baseCommit: session.baseCommit,
      drift,
      merged,
    };
  }

  updateSettings(id: string, settings: { checkpointPolicy?: CheckpointPolicy | undefined }): Session {
    const s = this.deps.records.get(id);
    if (settings.checkpointPolicy === undefined) return s;
    return this.deps.records.update(s.id, { checkpointPolicy: settings.checkpointPolicy }, true);
  }

  mergePreview(id: string, req: MergeRequest): Promise<MergePreview> {
    return this.merges.preview(this.targets.resolve(id), req);
  }

  async merge(id: string, req: MergeRequest): Promise<MergeOutcome & { session: Session }> {
    const t = this.targets.resolve(id);
    const outcome = await this.merges.merge(t, req);
    return { ...outcome, session: this.deps.records.get(t.session.id) };
  }

  async discard(id: string): Promise<DiscardOutcome & { session: Session }> {
    const t = this.targets.resolve(id);
    const outcome = await this.discards.discard(t);
    return { ...outcome, session: this.deps.records.get(t.session.id) };
  }

  /**
   * The runner calls this after every turn: a checkpoint (by policy), then drift, then merged.
   * It never throws — a failure here is reported as an `error` event, and the session goes on.
   */
  readonly afterTurn = async (sessionId: string, turn: Turn): Promise<void> => {
    const { store, bus, records } = this.deps;
    let t: ReviewTarget | null = null;
    try {
      const ended = store.turns.get(turn.id);
      t = this.targets.find(sessionId);
      if (!t || ended?.state !== 'done') return;
      const drift = await this.flags.checkDrift(t);
      const checkpoint = await this.checkpoints.create(t, ended);
      if (drift !== null) return;
      const tip = checkpoint?.commit ?? (await worktreeCommit(t, false))?.commit;
      if (tip !== undefined) await this.flags.checkMerged(t, tip, await baseBranchOf(t));
    } catch (err) {
      const message = `after turn ${turn.index}: ${err instanceof Error ? err.message : String(err)}`;
      // The store may be closing (daemon shutdown mid-turn); then there is no one left to tell.
      if (t) {
        try {
          bus.emit('error', records.scope(t.session), { code: 'review_failed', message });
        } catch {
          /* nothing more to do */
        }
      }
    }
  };

  /** Drops a deleted session's checkpoint and discard refs (its branch is the delete route's business). */
  watchDeletions(): () => void {
    const { bus, store, locks } = this.deps;
    return bus.subscribe((e) => {
      if (e.type !== 'session.deleted' || e.sessionId === null || e.projectId === null) return;
      const project = store.projects.get(e.projectId);
      if (!project) return;
      const sessionId = e.sessionId;
      void locks
        .run(project.repoPath, async () => {
          for (const prefix of sessionRefPrefixes(sessionId)) await deleteRefsUnder(project.repoPath, prefix);
        })
        .catch(() => undefined);
    });
  }

  private async fileAt(t: ReviewTarget, filePath: string, revision: Revision): Promise<FileContent> {
    if (revision.commit === null) throw new Error('fileAt needs a commit');
    const where = revision.kind === 'base' ? 'the base' : `the checkpoint of turn ${revision.turn ?? '?'}`;
    const found = await readFileAtCommit(t.worktree, revision.commit, filePath);
    if (found.kind === 'missing') throw new SwitchboardError('not_found', `${filePath} did not exist at ${where}`, 'path');
    if (found.kind === 'directory') throw new SwitchboardError('invalid_request', `path: ${filePath} is a directory at ${where}`, 'path');
    if (found.content.length > MAX_CONTENT_BYTES) {
      throw new SwitchboardError('payload_too_large', `${filePath} is ${found.content.length} bytes at ${where}; at most ${MAX_CONTENT_BYTES} are served`, 'path');
    }
    const binary = found.content.includes(0) || !isUtf8(found.content);
    return {
      path: filePath,
      revision,
      mode: found.mode,
      size: found.content.length,
      binary,
      encoding: binary ? 'base64' : 'utf8',
      content: found.content.toString(binary ? 'base64' : 'utf8'),
    };
  }
}

function changedFile(c: TreeChange): ChangedFile {
  return { path: c.path, oldPath: c.oldPath, status: c.status, additions: c.additions, deletions: c.deletions, binary: c.binary };
}
