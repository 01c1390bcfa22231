// What clients can do to sessions: create, follow up, cancel, stop, resume, archive, delete, and
// the reads around them. Live agent work is delegated to one SessionRunner per session.
import fs from 'node:fs';
import path from 'node:path';
import { READ_ONLY_ACTIONS, type PermissionRequest, type Project, type Session, type SessionState, type Turn } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { AgentSessionInfo } from '../protocol/agentFeatureRoutes.js';
import type { CleanupPreview, CreateSessionBody, SessionDetail } from '../protocol/routes.js';
import { ACTIVE_STATES, FOLLOW_UP_STATES, STOPPABLE_STATES, isResumable, isWaitingForBudget } from '../protocol/sessionStates.js';
import { sessionBranchName } from '../worktrees/branchName.js';
import { GitError } from '../worktrees/gitError.js';
import type { WorktreeManager } from '../worktrees/worktreeManager.js';
import { bringPlanned, planIncludes, type IncludePlan, type PreparedWorktree } from '../worktrees/worktreePrepare.js';
import { toProtocolError } from './errorTable.js';
import { effectiveProjectConfig } from './projectConfigs.js';
import type { WarmWorktrees } from './warmWorktrees.js';
import { newId, nowIso, shortIdOf, titleFromPrompt } from './ids.js';
import type { AgentSessionLister } from './agentSessionLister.js';
import type { ProjectService } from './projectService.js';
import { SessionRunner, type RunnerDeps } from './sessionRunner.js';
import { settingsFieldsFor, type LiveAgent } from './sessionSettings.js';
import { worktreePathForSession } from './worktreeRoots.js';

export interface SessionServiceDeps extends Omit<RunnerDeps, 'ensureWorktree'> {
  projects: ProjectService;
  /** Checks a `fromAgentSession` against the agent's own sessions. */
  agentSessions: AgentSessionLister;
  worktrees: WorktreeManager;
  /** The state dir; worktrees live under it, never inside the user's checkout. */
  home: string;
  /** The daemon's `--worktree-root` (worktreeRoots.ts); a project's own wins, the state dir is the default. */
  worktreeRoot?: string | null;
  /** Spare worktrees kept ready for projects that ask (`warmWorktree` in their config). */
  warm?: WarmWorktrees;
}

interface SessionWorktree {
  worktreePath: string | null;
  branch: string | null;
  baseCommit: string | null;
  prepared: PreparedWorktree | null;
  /** Made from the project's warm spare (warmWorktrees.ts). */
  warm?: boolean;
}

export class SessionService {
  private readonly runners = new Map<string, SessionRunner>();
  private readonly runnerDeps: RunnerDeps;

  constructor(private readonly deps: SessionServiceDeps) {
    this.runnerDeps = { ...deps, ensureWorktree: (id) => this.ensureWorktree(id) };
  }

  /** `onCreated` runs once the session is stored and before its agent starts (computer chat binds it to a user's container there). */
  async create(body: CreateSessionBody, onCreated?: (session: Session) => void): Promise<Session> {
    const origin = await this.continuationOf(body);
    const session = await this.createStored(body, onCreated);
    if (origin && origin.cwd !== session.cwd) this.deps.bus.emit('log', { sessionId: session.id, projectId: session.projectId }, { level: 'warn', message: elsewhereWarning(origin.cwd, session.cwd) });
    return session;
  }

  /**
   * "Continue that conversation": the agent session a `fromAgentSession` names, checked with the
   * agent (400 naming the field otherwise); the first start of the new session resumes or loads it.
   */
  private async continuationOf(body: CreateSessionBody): Promise<AgentSessionInfo | null> {
    if (!body.fromAgentSession) return null;
    if (!body.agent) throw new SwitchboardError('invalid_request', 'an ad-hoc spawn has no earlier sessions to continue; name an agent template', 'fromAgentSession');
    return this.deps.agentSessions.assertContinuable(body.project, body.agent, body.fromAgentSession);
  }

  private async createStored(body: CreateSessionBody, onCreated?: (session: Session) => void): Promise<Session> {
    const { store, bus, projects, templates, worktrees } = this.deps;
    const project = projects.get(body.project);
    if (body.agent && body.spawn) throw new SwitchboardError('invalid_request', 'give either an agent template or an ad-hoc spawn, not both', 'spawn');
    const id = newId();
    const shortId = shortIdOf(id);
    const agentName = body.agent ?? `adhoc-${shortId}`;
    if (body.spawn) {
      templates.add({ name: agentName, description: `ad-hoc command of session ${shortId}`, command: body.spawn.command, args: body.spawn.args, env: body.spawn.env });
    }
    const template = templates.get(agentName);
    templates.assertInstalled(template);
    const scopePath = body.scopePath ? checkScope(body.scopePath) : null;
    const readOnly = READ_ONLY_ACTIONS.includes(body.action);
    const baseRef = body.baseRef ?? project.defaultBranch;

    const made = await this.worktreeOfNew(project, { id, readOnly, baseRef, branch: sessionBranchName(template.name, project.slug, shortId) });
    const { worktreePath, branch, baseCommit, prepared } = made;

    const now = nowIso();
    const session: Session = {
      id,
      shortId,
      projectId: project.id,
      agent: template.name,
      action: body.action,
      title: titleFromPrompt(body.prompt),
      prompt: body.prompt,
      ...settingsFieldsFor(body, template.defaults),
      scopePath,
      state: 'created',
      stateReason: null,
      stateDetail: null,
      permissionPolicy: body.permissionPolicy ?? 'ask',
      readOnly,
      cwd: worktreePath ?? project.repoPath,
      worktreePath,
      branch,
      baseRef,
      baseCommit,
      acpSessionId: body.fromAgentSession ?? null,
      runtimeHandle: null,
      agentCapabilities: null,
      authMethods: [],
      exitCode: null,
      createdAt: now,
      updatedAt: now,
      endedAt: null,
    };
    const turn: Turn = newTurn(id, 0, body.prompt);
    try {
      store.transaction(() => {
        store.sessions.insert(session);
        store.turns.insert(turn);
      });
    } catch (err) {
      // Nothing half-written: the worktree made for this session goes with it, and its slot.
      this.deps.admission.release(id);
      if (prepared && worktreePath && branch) await worktrees.remove({ repoPath: project.repoPath, worktreePath, branch, deleteBranch: true }).catch(() => undefined);
      throw err;
    }
    const scope = { sessionId: id, projectId: project.id };
    bus.emit('session.created', scope, { session });
    if (prepared) this.announceWorktree(session, made);
    bus.emit('turn.queued', scope, { turnId: turn.id, index: 0, prompt: turn.prompt });
    onCreated?.(session);
    this.runner(id).kick();
    return session;
  }

  /**
   * A new session's worktree. A slot now (the common case) makes it in this request, so a bad base
   * fails the request; a session that must queue gets its worktree once admitted (a queue of 100
   * costs no disk), its base pinned now. Read-only sessions run in the checkout.
   */
  private async worktreeOfNew(project: Project, opts: { id: string; readOnly: boolean; baseRef: string; branch: string }): Promise<SessionWorktree> {
    const { id, baseRef, branch } = opts;
    if (opts.readOnly) return { worktreePath: null, branch: null, baseCommit: await checkoutHead(this.deps.worktrees, project), prepared: null };
    if (!this.deps.admission.tryAcquire(id)) return this.planWorktree(project, branch, id, baseRef);
    return this.makeWorktree(project, branch, id, baseRef).catch((err: unknown) => {
      this.deps.admission.release(id);
      throw err;
    });
  }

  /** `worktree.created` and `worktree.prepared` (with a broken config's warning) for a worktree just made. */
  private announceWorktree(session: Session, prepared: SessionWorktree): void {
    const { bus, records } = this.deps;
    const scope = records.scope(session);
    if (prepared.worktreePath && prepared.branch && prepared.baseCommit) {
      bus.emit('worktree.created', scope, { path: prepared.worktreePath, branch: prepared.branch, baseCommit: prepared.baseCommit });
    }
    if (prepared.warm) bus.emit('log', scope, { level: 'info', message: "the worktree is the project's warm spare (made ahead, checked to match; docs/worktree-setup.md)" });
    if (!prepared.prepared) return;
    bus.emit('worktree.prepared', scope, prepared.prepared.prepared);
    // A broken config leaves the session running without its rules; say so where people look.
    const { configError } = prepared.prepared.prepared;
    if (configError) bus.emit('log', scope, { level: 'warn', message: `project config ignored: ${configError}` });
  }

  /** Where a queued session's worktree will go, its base resolved now (a bad base is refused now, not at admission). */
  private async planWorktree(project: Project, branch: string, id: string, baseRef: string): Promise<SessionWorktree> {
    const baseCommit = await this.deps.worktrees.commitOf(project.repoPath, baseRef).catch((err: unknown) => {
      throw worktreeRefusal(err, project, baseRef);
    });
    if (baseCommit === null) throw worktreeRefusal(new GitError('ref_not_found', `${baseRef} does not name a commit`), project, baseRef);
    return { worktreePath: worktreePathForSession({ home: this.deps.home, daemonRoot: this.deps.worktreeRoot ?? null, project, sessionId: id }), branch, baseCommit, prepared: null };
  }

  /**
   * Makes the worktree of a session that was queued at creation, once admitted (the runner calls
   * this before every start; it does nothing when the worktree is there, or was removed by retention).
   */
  private async ensureWorktree(id: string): Promise<void> {
    const s = this.deps.records.get(id);
    if (s.readOnly || !s.worktreePath || !s.branch || !s.baseCommit || s.pruned || (await exists(s.worktreePath))) return;
    const project = this.deps.projects.get(s.projectId);
    if (await this.deps.worktrees.branchExists(project.repoPath, s.branch)) return;
    try {
      const made = await this.makeWorktree(project, s.branch, id, s.baseCommit, s.worktreePath);
      this.announceWorktree(s, made);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.records.setState(id, 'failed', 'worktree_failed', message, 'fail: no worktree');
      throw Object.assign(new Error(message), { reason: 'worktree_failed' });
    }
  }

  /**
   * A writable session's worktree, with the git-ignored files it needs brought in
   * (docs/worktree-setup.md): the project's warm spare when it has a fitting one, else a fresh one.
   */
  private async makeWorktree(project: Project, branch: string, id: string, baseRef: string, plannedPath?: string): Promise<SessionWorktree> {
    const worktreePath = plannedPath ?? worktreePathForSession({ home: this.deps.home, daemonRoot: this.deps.worktreeRoot ?? null, project, sessionId: id });
    const view = await effectiveProjectConfig(project);
    // Which ignored files to bring is read from the checkout alone: decided while git makes the worktree.
    const planning = planIncludes(project.repoPath, view);
    planning.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    const warm = this.deps.warm && view.config?.warmWorktree ? this.deps.warm : null;
    if (warm) {
      const [plan, baseCommit] = await Promise.all([planning, this.deps.worktrees.commitOf(project.repoPath, baseRef).catch(() => null)]).catch(() => [null, null] as const);
      const taken = plan ? await warm.take(project, { baseRef, baseCommit, branch, worktreePath, plan }) : null;
      warm.refillSoon(project, true);
      if (taken) return { worktreePath, branch, baseCommit: taken.baseCommit, prepared: taken.prepared, warm: true };
    }
    return this.makeFreshWorktree(project, { branch, baseRef, worktreePath, planning });
  }

  private async makeFreshWorktree(project: Project, opts: { branch: string; baseRef: string; worktreePath: string; planning: Promise<IncludePlan> }): Promise<SessionWorktree> {
    const { branch, baseRef, worktreePath } = opts;
    // The included files are brought while git's verification of the new worktree runs; either
    // failing removes the worktree again (nothing half-made).
    const bring = async (dir: string): Promise<PreparedWorktree> => {
      try {
        return await bringPlanned(project.repoPath, dir, await opts.planning);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new SwitchboardError('internal', `could not bring the included files (.worktreeinclude, .switchboard/config.json) into the worktree: ${why}`);
      }
    };
    try {
      const made = await this.deps.worktrees.create({ repoPath: project.repoPath, worktreePath, branch, baseRef }, bring);
      return { worktreePath, branch, baseCommit: made.baseCommit, prepared: made.alongside ?? null };
    } catch (err) {
      throw err instanceof SwitchboardError ? err : worktreeRefusal(err, project, baseRef);
    }
  }

  list(filter: { project?: string; state?: SessionState[]; all?: boolean }): Session[] {
    const projectId = filter.project ? this.deps.projects.get(filter.project).id : undefined;
    return this.deps.store.sessions.list({
      ...(projectId ? { projectId } : {}),
      ...(filter.state ? { states: filter.state } : {}),
      includeArchived: filter.all === true || (filter.state?.includes('archived') ?? false),
    });
  }

  detail(idOrShort: string): SessionDetail {
    const session = this.deps.records.get(idOrShort);
    return {
      session,
      turns: this.deps.store.turns.listBySession(session.id),
      pendingPermissions: this.deps.store.permissions.listBySession(session.id, 'pending'),
    };
  }

  followup(idOrShort: string, text: string): { session: Session; turn: Turn } {
    const { store, bus, records } = this.deps;
    const s = records.get(idOrShort);
    if (!FOLLOW_UP_STATES.includes(s.state)) {
      throw new SwitchboardError('illegal_transition', `cannot send a follow-up to a session that is ${s.state}`, undefined, { state: s.state });
    }
    const turn = newTurn(s.id, store.turns.nextIndex(s.id), text);
    store.turns.insert(turn);
    bus.emit('turn.queued', records.scope(s), { turnId: turn.id, index: turn.index, prompt: text });
    // A stopped or failed session resumes on a follow-up: the person clearly wants it to go on.
    this.runner(s.id).kick();
    return { session: records.get(s.id), turn };
  }

  /** Runs the session's queued turns, if any (a session released by its project's budget). */
  runQueued(id: string): void {
    if (this.deps.store.turns.nextQueued(id)) this.runner(id).kick();
  }

  /** Where a settings change for the session can go now (its runner's bound agent, if any). */
  liveAgent(idOrShort: string): LiveAgent {
    const s = this.deps.records.get(idOrShort);
    return this.runners.get(s.id)?.liveAgent() ?? { state: 'none' };
  }

  /** Cancels the running turn; a queued session's start is cancelled instead (it stops, nothing made). */
  async cancel(idOrShort: string): Promise<Session> {
    const s = this.deps.records.get(idOrShort);
    if (s.state === 'queued') return this.stop(s.id);
    const runner = this.runners.get(s.id);
    if (!runner?.turnRunning) {
      throw new SwitchboardError('illegal_transition', `no turn is running in this session (it is ${s.state.replace(/_/g, ' ')})`, undefined, { state: s.state });
    }
    void runner.cancel().catch(() => undefined);
    return this.deps.records.get(s.id);
  }

  async stop(idOrShort: string): Promise<Session> {
    const s = this.deps.records.get(idOrShort);
    if (!STOPPABLE_STATES.includes(s.state)) {
      throw new SwitchboardError('illegal_transition', `cannot stop a session that is ${s.state}`, undefined, { state: s.state });
    }
    // Out of the queue first: the runner's pending start then fails as withdrawn, and the stop decides the state.
    this.deps.admission.withdraw(s.id);
    await this.runner(s.id).stop('user_stop');
    await this.deps.preparation.afterStop(s.id);
    return this.deps.records.get(s.id);
  }

  resume(idOrShort: string): Session {
    const { session, bound } = this.startResume(idOrShort);
    void bound;
    return session;
  }

  /** Resumes and settles once the agent is bound, or refused again: a login needs that outcome. */
  async resumeSettled(idOrShort: string): Promise<Session> {
    const { session, bound } = this.startResume(idOrShort);
    await bound;
    return this.deps.records.get(session.id);
  }

  private startResume(idOrShort: string): { session: Session; bound: Promise<void> } {
    const s = this.deps.records.get(idOrShort);
    this.runners.get(s.id)?.forgiveCrashes();
    if (!isResumable(s)) {
      throw new SwitchboardError('illegal_transition', `cannot resume a session that is ${s.state.replace(/_/g, ' ')}; only stopped, failed or logged-out sessions resume`, undefined, { state: s.state });
    }
    this.deps.records.setState(s.id, 'running', null, null, 'resume');
    const bound = this.runner(s.id).resume();
    return { session: this.deps.records.get(s.id), bound };
  }

  async archive(idOrShort: string): Promise<Session> {
    const s = this.deps.records.get(idOrShort);
    this.deps.records.setState(s.id, 'archived', null, null, 'archive'); // refuses active sessions
    await this.runners.get(s.id)?.release();
    this.runners.delete(s.id);
    await this.deps.preparation.afterStop(s.id);
    return this.deps.records.get(s.id);
  }

  async cleanupPreview(idOrShort: string): Promise<CleanupPreview> {
    const { store, worktrees, logs, records } = this.deps;
    const s = records.get(idOrShort);
    const project = this.deps.projects.get(s.projectId);
    const worktreeExists = s.worktreePath !== null && (await exists(s.worktreePath));
    const logFile = logs.pathOf(s.id);
    return {
      sessionId: s.id,
      worktreePath: s.worktreePath,
      worktreeExists,
      branch: s.branch,
      branchExists: s.branch !== null && (await worktrees.branchExists(project.repoPath, s.branch)),
      uncommittedFiles: worktreeExists && s.worktreePath ? await worktrees.uncommittedFiles(s.worktreePath) : [],
      artifacts: store.artifacts.list({ sessionId: s.id }).map((a) => ({ path: a.path, size: a.size })),
      logFiles: (await exists(logFile)) ? [logFile] : [],
      eventCount: store.events.countBySession(s.id),
    };
  }

  async delete(idOrShort: string, deleteBranch: boolean): Promise<{ deleted: CleanupPreview; branchDeleted: boolean }> {
    const { store, bus, worktrees, logs, artifacts, records } = this.deps;
    const s = records.get(idOrShort);
    const runner = this.runners.get(s.id);
    this.deps.admission.withdraw(s.id);
    if (runner?.hasAgent || runner?.turnRunning) await runner.stop('user_stop');
    this.runners.delete(s.id);
    const preview = await this.cleanupPreview(s.id);
    const project = this.deps.projects.get(s.projectId);
    // Teardown commands, then whatever setup left running, then the ports: before the files go.
    await this.deps.preparation.beforeRemove(s);
    let removed = { worktreeRemoved: false, branchDeleted: false };
    if (s.worktreePath) {
      removed = await worktrees.remove({ repoPath: project.repoPath, worktreePath: s.worktreePath, branch: s.branch ?? '', deleteBranch });
    }
    await artifacts.removeAll(s.id);
    await logs.remove(s.id);
    store.transaction(() => {
      store.events.deleteBySession(s.id);
      store.sessions.delete(s.id);
    });
    const scope = { sessionId: s.id, projectId: s.projectId };
    if (s.worktreePath) bus.emit('worktree.removed', scope, { path: s.worktreePath, branch: s.branch, branchDeleted: removed.branchDeleted });
    bus.emit('session.state_changed', scope, { from: s.state, to: 'deleted', reason: null, detail: null });
    bus.emit('session.deleted', scope, { branchDeleted: removed.branchDeleted, worktreeRemoved: removed.worktreeRemoved });
    return { deleted: preview, branchDeleted: removed.branchDeleted };
  }

  permissions(idOrShort: string, state?: PermissionRequest['state']): PermissionRequest[] {
    const s = this.deps.records.get(idOrShort);
    return this.deps.store.permissions.listBySession(s.id, state);
  }

  answerPermission(idOrShort: string, requestId: string, optionId: string): PermissionRequest {
    const s = this.deps.records.get(idOrShort);
    return this.deps.permissions.answer(s.id, requestId, optionId);
  }

  async logTail(idOrShort: string, lines: number): Promise<{ lines: string[]; path: string }> {
    const s = this.deps.records.get(idOrShort);
    return { lines: await this.deps.logs.tail(s.id, lines), path: this.deps.logs.pathOf(s.id) };
  }

  /** On daemon shutdown: active sessions become stopped; idle agents are simply ended. */
  async shutdown(): Promise<void> {
    // Queued sessions stay queued, in order, for the next daemon: only their waits end here.
    for (const { sessionId } of this.deps.admission.snapshot().queue) this.deps.admission.withdraw(sessionId);
    await Promise.all(
      [...this.runners.values()].map(async (r) => {
        const s = this.deps.records.find(r.sessionId);
        // Waiting for budget stays true across a restart: recovery keeps it and the gate re-checks it.
        if (s && ACTIVE_STATES.includes(s.state) && !isWaitingForBudget(s)) await r.stop('daemon_shutdown').catch(() => undefined);
        else await r.release().catch(() => undefined);
      }),
    );
    await this.deps.preparation.shutdown();
    await this.deps.warm?.stop();
    await this.deps.logs.closeAll();
  }

  /** Starts ending the least recently used idle agent for a session waiting for a slot (admission.ts). */
  evictIdle(exclude: ReadonlySet<string>): string | null {
    let oldest: { runner: SessionRunner; updatedAt: string } | null = null;
    for (const r of this.runners.values()) {
      if (exclude.has(r.sessionId) || !this.deps.admission.holds(r.sessionId) || r.turnRunning || r.liveAgent().state !== 'idle') continue;
      const s = this.deps.records.find(r.sessionId);
      if (s?.state !== 'completed') continue;
      if (!oldest || s.updatedAt < oldest.updatedAt) oldest = { runner: r, updatedAt: s.updatedAt };
    }
    if (!oldest) return null;
    const s = this.deps.records.get(oldest.runner.sessionId);
    const message = 'the idle agent was ended to free a slot for a queued session; the next prompt starts it again';
    this.deps.bus.emit('log', this.deps.records.scope(s), { level: 'info', message });
    void oldest.runner.release().catch(() => undefined);
    return s.id;
  }

  /**
   * After a daemon start: sessions left queued start (or wait) again in their queue order; a
   * queued resume without a prompt resumes.
   */
  restartQueued(): void {
    const queued = this.deps.store.sessions.list({ states: ['queued'] }).sort((a, b) => (a.queueSeq ?? 0) - (b.queueSeq ?? 0));
    for (const s of queued) {
      if (this.deps.store.turns.nextQueued(s.id)) this.runner(s.id).kick();
      else void this.runner(s.id).resume();
    }
  }

  private runner(id: string): SessionRunner {
    let r = this.runners.get(id);
    if (!r) {
      r = new SessionRunner(id, this.runnerDeps);
      this.runners.set(id, r);
    }
    return r;
  }
}

/**
 * A failed worktree creation in the request's terms: the base ref or the project at fault, each
 * naming its field; any other git failure keeps the error table's code, with what was being done.
 */
function worktreeRefusal(err: unknown, project: Project, baseRef: string): unknown {
  if (GitError.is(err, 'ref_not_found')) {
    return new SwitchboardError('invalid_request', `baseRef: no branch, tag or commit "${baseRef}" in ${project.slug}`, 'baseRef');
  }
  if (GitError.is(err, 'not_a_repository') || GitError.is(err, 'no_commits')) return repositoryGone(project, err);
  const known = toProtocolError(err);
  return known ? new SwitchboardError(known.code, `could not create the session's worktree: ${known.message}`, known.field, known.details) : err;
}

/** A read-only session's base: the checkout's HEAD. The agent runs in the checkout, so one that is gone is refused now rather than at start. */
function checkoutHead(worktrees: WorktreeManager, project: Project): Promise<string | null> {
  return worktrees.headCommit(project.repoPath).catch((err: unknown) => {
    if (GitError.is(err, 'not_a_repository')) throw repositoryGone(project, err);
    return null;
  });
}

/** Said when a session continues an agent session that ran in another directory. */
function elsewhereWarning(originCwd: string, cwd: string): string {
  return `the agent ran that session in ${originCwd}; this session runs in ${cwd}. An agent that keeps its sessions per directory (Claude Code does) cannot open it here: it then starts afresh (context.reset)`;
}

/** The project's checkout was moved, deleted or emptied after it was registered. */
function repositoryGone(project: Project, err: GitError): SwitchboardError {
  return new SwitchboardError(
    'not_a_repository',
    `project: ${project.slug}'s repository ${project.repoPath} is gone or no longer a git repository with commits (${err.message}); restore it, or register the project again`,
    'project',
  );
}

function newTurn(sessionId: string, index: number, prompt: string): Turn {
  return { id: newId(), sessionId, index, prompt, state: 'queued', stopReason: null, error: null, createdAt: nowIso(), startedAt: null, endedAt: null };
}

/** A scope is a path inside the project, relative, that cannot climb out of it. */
function checkScope(scope: string): string {
  const normal = path.posix.normalize(scope.replace(/\\/g, '/'));
  if (path.isAbsolute(scope) || normal.startsWith('..')) {
    throw new SwitchboardError('invalid_request', 'scopePath must be a path inside the project, relative to its root', 'scopePath');
  }
  return normal;
}

async function exists(p: string): Promise<boolean> {
  return fs.promises.access(p).then(
    () => true,
    () => false,
  );
}
