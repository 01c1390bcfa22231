// Retention (docs/worktree-setup.md, "Retention and disk"): the worktrees of sessions archived or
// merged more than N days ago, or idle more than M days, are removed — the branch kept unless asked,
// teardown run first, each removal recorded as `worktree.pruned`. One function picks the sessions,
// so `prune --dry-run` lists exactly what `prune` then removes. The policy is stored in
// `daemon_settings` and, when `automatic`, applied by itself every few hours.
import fs from 'node:fs';
import type { Project, Session, SessionState } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { RetentionPolicySchema, type PruneCandidate, type PruneReason, type PruneResult, type RetentionPolicy } from '../protocol/fleetEntities.js';
import type { PruneBody } from '../protocol/fleetRoutes.js';
import type { Store } from '../storage/store.js';
import type { WorktreeManager } from '../worktrees/worktreeManager.js';
import type { DiskMeter } from './diskUsage.js';
import { duBytes } from './diskUsage.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { SessionPreparationApi } from './sessionPreparation.js';

const POLICY_KEY = 'retention.policy';
const DAY_MS = 86_400_000;
/** How often an automatic policy is applied; the first run is shortly after the daemon starts. */
const AUTOMATIC_EVERY_MS = 6 * 60 * 60_000;
const FIRST_AUTOMATIC_MS = 60_000;

/** Nothing is removed until someone sets a rule: worktrees may hold uncommitted work. */
export const DEFAULT_RETENTION: RetentionPolicy = { archivedDays: null, mergedDays: null, idleDays: null, deleteBranch: false, automatic: false };

/** An agent is at work, about to be, or waiting for a person: its worktree is never touched. */
const BUSY_STATES: readonly SessionState[] = ['queued', 'created', 'running', 'waiting_for_user', 'deleted'];

export interface RetentionDeps {
  store: Store;
  bus: EventBus;
  worktrees: WorktreeManager;
  preparation: SessionPreparationApi;
  disk: DiskMeter;
  /** Project by id or slug (404 naming `project` otherwise). */
  project: (idOrSlug: string) => Project;
  /** Archives a session the way the API does (its idle agent is released first). */
  archive: (sessionId: string) => Promise<Session>;
  onError: (what: string, err: unknown) => void;
}

/** Why a session qualifies, and for how long it has, or null. Pure: the one rule for preview and prune. */
export function pruneReason(s: Session, policy: RetentionPolicy, nowMs: number): { reason: PruneReason; ageDays: number } | null {
  if (BUSY_STATES.includes(s.state) || s.pruned || !s.worktreePath) return null;
  const daysSince = (iso: string) => Math.max(0, (nowMs - Date.parse(iso)) / DAY_MS);
  // updatedAt of an archived session is when it was archived: nothing changes it afterwards.
  if (s.state === 'archived' && policy.archivedDays !== null && daysSince(s.updatedAt) >= policy.archivedDays) {
    return { reason: 'archived', ageDays: daysSince(s.updatedAt) };
  }
  if (s.merged && policy.mergedDays !== null && daysSince(s.merged.at) >= policy.mergedDays) {
    return { reason: 'merged', ageDays: daysSince(s.merged.at) };
  }
  if (policy.idleDays !== null && daysSince(s.updatedAt) >= policy.idleDays) return { reason: 'idle', ageDays: daysSince(s.updatedAt) };
  return null;
}

export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private generation = 0;
  /** Prunes one at a time: two overlapping runs would remove the same worktree twice. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RetentionDeps) {}

  policy(): RetentionPolicy {
    return this.deps.store.daemonSettings.get(POLICY_KEY, RetentionPolicySchema) ?? DEFAULT_RETENTION;
  }

  setPolicy(patch: Partial<RetentionPolicy>): RetentionPolicy {
    const policy = RetentionPolicySchema.parse({ ...this.policy(), ...patch });
    this.deps.store.daemonSettings.put(POLICY_KEY, policy);
    this.deps.bus.emit('retention.policy_changed', { sessionId: null, projectId: null }, policy);
    this.schedule(policy);
    return policy;
  }

  /** Applies the stored policy every few hours while it says `automatic`. */
  start(): void {
    this.schedule(this.policy());
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.generation++;
  }

  /** Lists (dryRun) or removes the worktrees the policy, with the body's overrides, selects. */
  prune(body: PruneBody): Promise<PruneResult> {
    const run = this.chain.then(() => this.pruneNow(body));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async pruneNow(body: PruneBody): Promise<PruneResult> {
    const policy = this.effectivePolicy(body);
    const projectId = body.project !== undefined ? this.deps.project(body.project).id : undefined;
    const candidates = await this.candidates(policy, projectId);
    const result: PruneResult = { dryRun: body.dryRun, policy, candidates, totalBytes: candidates.reduce((n, c) => n + c.bytes, 0), removed: [], failed: [] };
    if (body.dryRun) return result;
    for (const c of candidates) {
      try {
        await this.remove(c, policy);
        result.removed.push(c.sessionId);
      } catch (err) {
        result.failed.push({ sessionId: c.sessionId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return result;
  }

  private effectivePolicy(body: PruneBody): RetentionPolicy {
    const stored = this.policy();
    return {
      ...stored,
      ...(body.archivedDays !== undefined ? { archivedDays: body.archivedDays } : {}),
      ...(body.mergedDays !== undefined ? { mergedDays: body.mergedDays } : {}),
      ...(body.idleDays !== undefined ? { idleDays: body.idleDays } : {}),
      ...(body.deleteBranch !== undefined ? { deleteBranch: body.deleteBranch } : {}),
    };
  }

  /** The sessions the policy selects whose worktree is still there, each measured now. */
  private async candidates(policy: RetentionPolicy, projectId: string | undefined): Promise<PruneCandidate[]> {
    const nowMs = Date.now();
    const sessions = this.deps.store.sessions.list({ includeArchived: true, ...(projectId ? { projectId } : {}) });
    const out: PruneCandidate[] = [];
    for (const s of sessions) {
      const why = pruneReason(s, policy, nowMs);
      if (!why || !s.worktreePath || !fs.existsSync(s.worktreePath)) continue;
      const { bytes } = await duBytes(s.worktreePath);
      out.push({
        sessionId: s.id,
        shortId: s.shortId,
        projectId: s.projectId,
        title: s.title,
        state: s.state,
        reason: why.reason,
        worktreePath: s.worktreePath,
        branch: s.branch,
        bytes,
        ageDays: Math.round(why.ageDays * 100) / 100,
      });
    }
    return out;
  }

  /**
   * One candidate: archived first unless it is (a session without a worktree cannot run; archive
   * releases its idle agent), teardown, then the worktree; the branch only when the policy says.
   */
  private async remove(c: PruneCandidate, policy: RetentionPolicy): Promise<void> {
    const { store, bus, worktrees, preparation } = this.deps;
    let s = store.sessions.get(c.sessionId);
    // A follow-up may have started it since the list was made: then it is not touched.
    if (!s || !pruneReason(s, policy, Date.now())) throw new SwitchboardError('conflict', `session ${c.shortId} is no longer a candidate (it is ${s?.state ?? 'deleted'})`);
    if (s.state !== 'archived') s = await this.deps.archive(s.id);
    await preparation.beforeRemove(s);
    const project = this.deps.project(s.projectId);
    const removed = await worktrees.remove({ repoPath: project.repoPath, worktreePath: c.worktreePath, branch: s.branch, deleteBranch: policy.deleteBranch });
    const pruned = { at: nowIso(), reason: c.reason, bytes: c.bytes, branchDeleted: removed.branchDeleted };
    // Not records.update: updatedAt is the idle clock, and removing files is not activity.
    const updated = store.sessions.update(s.id, { pruned });
    const scope = { sessionId: s.id, projectId: s.projectId };
    bus.emit('worktree.pruned', scope, { path: c.worktreePath, branch: s.branch, reason: c.reason, bytes: c.bytes, branchDeleted: removed.branchDeleted });
    bus.emit('session.updated', scope, { session: updated });
    await this.deps.disk.measure(updated).catch((err: unknown) => this.deps.onError('measuring a pruned session failed', err));
  }

  private schedule(policy: RetentionPolicy): void {
    this.stop();
    if (!policy.automatic) return;
    // A run still going when the policy changes must not start a timer of the old schedule.
    const generation = ++this.generation;
    const tick = (delayMs: number) => {
      if (generation !== this.generation) return;
      this.timer = setTimeout(() => {
        void this.prune({ dryRun: false })
          .then((r) => {
            if (r.failed.length > 0) this.deps.onError('automatic prune left some worktrees', r.failed);
          })
          .catch((err: unknown) => this.deps.onError('automatic prune failed', err))
          .finally(() => tick(AUTOMATIC_EVERY_MS));
      }, delayMs);
      this.timer.unref();
    };
    tick(FIRST_AUTOMATIC_MS);
  }
}
