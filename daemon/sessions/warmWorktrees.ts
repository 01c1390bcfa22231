// Warm worktrees: for a project whose config asks for it (`"warmWorktree": true`), one spare
// worktree is kept ready — checked out at the default branch, included files brought in — so the
// next session on that branch starts from it instead of waiting for `git worktree add` and the
// includes (docs/worktree-setup.md). A spare is used only while it is exactly what a fresh
// worktree would be: the same base commit, the same include plan, every included source file
// unchanged since (inode, size, mtime). Otherwise it is thrown away and the session gets a fresh one.
// Spares live beside session worktrees (`{root}/{project}/.warm-{id}`), hidden from agents like
// them; a daemon restart prunes them as orphans and they are made again on the next session.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../protocol/entities.js';
import type { IncludeMode } from '../protocol/projectConfig.js';
import type { WorktreeManager } from '../worktrees/worktreeManager.js';
import { bringPlanned, type IncludePlan, type PreparedWorktree } from '../worktrees/worktreePrepare.js';
import { newId } from './ids.js';

/** How long after a session start the spare is made again: the new session's agent goes first. */
const REFILL_DELAY_MS = 2000;

interface Spare {
  path: string;
  /** The ref it was made for (the project's default branch then) and the commit it resolved to. */
  baseRef: string;
  baseCommit: string;
  prepared: PreparedWorktree;
  /** The include plan's files with their source's identity when brought in. */
  signature: string;
}

export interface WarmWorktreesDeps {
  worktrees: WorktreeManager;
  /** Where a project's worktrees go now (`{root}/{project}`). */
  projectDir: (project: Project) => string;
  /** The include plan a new worktree of the project would get now. */
  plan: (project: Project) => Promise<IncludePlan>;
  onError: (message: string) => void;
  /** A spare is ready (said in the project's log, so people and tests can see when the next start is warm). */
  onReady: (project: Project, message: string) => void;
}

export interface WarmTake {
  baseCommit: string;
  prepared: PreparedWorktree;
}

export class WarmWorktrees {
  private readonly spares = new Map<string, Spare>();
  private readonly refills = new Map<string, NodeJS.Timeout>();
  /** Per project: the spare being made or thrown away, so two never overlap. */
  private readonly busy = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: WarmWorktreesDeps) {}

  /**
   * The project's spare made into the session's worktree, when it fits exactly; else null (and a
   * stale spare is thrown away). Never throws: any failure means "make a fresh one".
   */
  async take(project: Project, opts: { baseRef: string; baseCommit: string | null; branch: string; worktreePath: string; plan: IncludePlan }): Promise<WarmTake | null> {
    const spare = this.spares.get(project.id);
    if (!spare || this.busy.has(project.id)) return null;
    this.spares.delete(project.id);
    const fits = spare.baseRef === opts.baseRef && spare.baseCommit === opts.baseCommit && spare.signature === (await signatureOf(project.repoPath, opts.plan));
    if (!fits) {
      this.discard(project, spare);
      return null;
    }
    try {
      await this.deps.worktrees.adoptSpare({ repoPath: project.repoPath, sparePath: spare.path, worktreePath: opts.worktreePath, branch: opts.branch, baseCommit: spare.baseCommit });
      return { baseCommit: spare.baseCommit, prepared: spare.prepared };
    } catch (err) {
      this.deps.onError(`the warm worktree of ${project.slug} could not be used (${err instanceof Error ? err.message : String(err)}); making a fresh one`);
      return null;
    }
  }

  /** After a session of the project started: a new spare, a little later, when the config asks for one. */
  refillSoon(project: Project, wanted: boolean): void {
    if (!wanted || this.stopped || this.spares.has(project.id) || this.refills.has(project.id)) return;
    const timer = setTimeout(() => {
      this.refills.delete(project.id);
      this.run(project, () => this.fill(project));
    }, REFILL_DELAY_MS);
    timer.unref();
    this.refills.set(project.id, timer);
  }

  /**
   * The project is being removed: no refill, and its spare (the one being made too) is thrown
   * away; resolves once it is gone, so no worktree of the project is left registered in its repository.
   */
  async drop(project: Project): Promise<void> {
    const timer = this.refills.get(project.id);
    if (timer) clearTimeout(timer);
    this.refills.delete(project.id);
    // Twice: a spare being made when this starts is only in `spares` once its job ends.
    for (let round = 0; round < 2; round++) {
      await this.busy.get(project.id);
      const spare = this.spares.get(project.id);
      this.spares.delete(project.id);
      if (spare) this.discard(project, spare);
    }
    await this.busy.get(project.id);
  }

  /** Daemon shutdown: no new spares (those on disk are pruned as orphans at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.refills.values()) clearTimeout(timer);
    this.refills.clear();
    await Promise.allSettled([...this.busy.values()]);
  }

  private async fill(project: Project): Promise<void> {
    if (this.stopped || this.spares.has(project.id)) return;
    const baseRef = project.defaultBranch;
    const baseCommit = await this.deps.worktrees.commitOf(project.repoPath, baseRef);
    if (baseCommit === null) return;
    const sparePath = path.join(this.deps.projectDir(project), `.warm-${newId()}`);
    const plan = await this.deps.plan(project);
    await this.deps.worktrees.createSpare(project.repoPath, sparePath, baseCommit);
    try {
      const prepared = await bringPlanned(project.repoPath, sparePath, plan);
      this.spares.set(project.id, { path: sparePath, baseRef, baseCommit, prepared, signature: await signatureOf(project.repoPath, plan) });
      this.deps.onReady(project, `a warm worktree of ${project.slug} at ${baseRef} (${baseCommit.slice(0, 12)}) is ready for the next session`);
    } catch (err) {
      await this.deps.worktrees.remove({ repoPath: project.repoPath, worktreePath: sparePath, deleteBranch: false }).catch(() => undefined);
      throw err;
    }
  }

  private discard(project: Project, spare: Spare): void {
    this.run(project, async () => {
      await this.deps.worktrees.remove({ repoPath: project.repoPath, worktreePath: spare.path, deleteBranch: false });
    });
  }

  /** One job at a time per project; failures are reported, never thrown into a session start. */
  private run(project: Project, job: () => Promise<void>): void {
    const previous = this.busy.get(project.id) ?? Promise.resolve();
    const next = previous
      .then(job)
      .catch((err: unknown) => this.deps.onError(`warm worktree of ${project.slug}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (this.busy.get(project.id) === next) this.busy.delete(project.id);
      });
    this.busy.set(project.id, next);
  }
}

/** The plan's files, each with its source's inode, size and mtime: any change means the spare is stale. */
async function signatureOf(repoPath: string, plan: IncludePlan): Promise<string> {
  const entries = [...plan.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = await Promise.all(
    entries.map(async ([file, mode]: [string, IncludeMode]) => {
      const info = await lstat(path.join(repoPath, file)).catch(() => null);
      return `${file}\0${mode}\0${info ? `${info.ino}:${info.size}:${info.mtimeMs}` : 'gone'}`;
    }),
  );
  return `${plan.rules}\n${parts.join('\n')}`;
}
