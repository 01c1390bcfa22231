// What the Sessions view shows, kept in memory and fed by daemon events: the tree provider
// only reads it (no I/O in getChildren). A snapshot (listProjects + listSessions) is loaded when
// the window attaches to a daemon; events that arrive while it loads are buffered and applied
// on top, in seq order, so nothing between the snapshot and the live feed is lost. Every event
// sets whole fields (a full session, or the state triple), so applying one the snapshot already
// reflects is harmless. Host-independent: unit-tested with 1,000 sessions.
import { SESSION_STATES, type Project, type Session, type SessionState } from '../../daemon/protocol/entities.js';
import { narrowEvent, type LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { RUNNING_STATES } from '../../daemon/protocol/sessionStates.js';
import { Emitter } from '../util/emitter.js';
import { isSettingUp, queuePositions } from './fleetPresentation.js';

export type StateCounts = Record<SessionState, number>;

function zeroCounts(): StateCounts {
  return Object.fromEntries(SESSION_STATES.map((s) => [s, 0])) as StateCounts;
}

/** Newest activity first; ties by id so the order is stable. */
function bySessionRecency(a: Session, b: Session): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? -1 : 1;
}

export class SessionTreeModel {
  readonly #projects = new Map<string, Project>();
  readonly #sessions = new Map<string, Session>();
  readonly #byProject = new Map<string, Set<string>>();
  /** Sorted session lists per project, rebuilt lazily after a change touches the project. */
  readonly #sortedCache = new Map<string, Session[]>();
  #counts = zeroCounts();
  #loading = false;
  #loaded = false;
  #buffer: LooseEvent[] = [];
  /** Queue positions, recomputed on demand after a change that can move them (null: stale). */
  #positions: Map<string, number> | null = null;
  /** Sessions whose setup runs a command now: the tree ticks their clocks while there are any. */
  readonly #settingUp = new Set<string>();
  /** Queued sessions: when one joins or leaves the queue, the others' positions change too. */
  readonly #queued = new Set<string>();
  readonly #onDidChange = new Emitter<{ projects: Set<string> | 'all' }>();

  /** Fires after every change with the projects touched; the provider debounces refreshes. */
  readonly onDidChange = this.#onDidChange.event;

  get loaded(): boolean {
    return this.#loaded;
  }

  /**
   * Resolves true once a snapshot has loaded (at once if one has), false after `timeoutMs`
   * without one: a command run right after the window opened waits for the projects instead of
   * reading an empty model.
   */
  whenLoaded(timeoutMs: number): Promise<boolean> {
    if (this.#loaded) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (loaded: boolean) => {
        clearTimeout(timer);
        sub.dispose();
        resolve(loaded);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const sub = this.onDidChange(() => {
        if (this.#loaded) done(true);
      });
    });
  }

  /** From now on, events are buffered until `finishLoading`. */
  startLoading(): void {
    this.#loading = true;
    this.#buffer = [];
  }

  /** Replaces everything with the snapshot, then applies the events buffered since `startLoading`. */
  finishLoading(projects: readonly Project[], sessions: readonly Session[]): void {
    this.#projects.clear();
    this.#sessions.clear();
    this.#byProject.clear();
    this.#sortedCache.clear();
    this.#settingUp.clear();
    this.#queued.clear();
    this.#positions = null;
    this.#counts = zeroCounts();
    for (const p of projects) this.#projects.set(p.id, p);
    for (const s of sessions) this.#putSession(s);
    const buffered = this.#buffer;
    this.#buffer = [];
    this.#loading = false;
    this.#loaded = true;
    for (const e of buffered) this.#apply(e, new Set());
    this.#onDidChange.fire({ projects: 'all' });
  }

  /** A load failed: keep what is shown, drop the buffer (the next load starts over). */
  abortLoading(): void {
    this.#loading = false;
    this.#buffer = [];
  }

  /** Forget everything (the daemon is gone and its data cannot be trusted to be current). */
  clear(): void {
    this.#projects.clear();
    this.#sessions.clear();
    this.#byProject.clear();
    this.#sortedCache.clear();
    this.#settingUp.clear();
    this.#queued.clear();
    this.#positions = null;
    this.#counts = zeroCounts();
    this.#loaded = false;
    this.#onDidChange.fire({ projects: 'all' });
  }

  applyEvent(e: LooseEvent): void {
    if (this.#loading) {
      this.#buffer.push(e);
      return;
    }
    const touched = new Set<string>();
    if (this.#apply(e, touched)) this.#onDidChange.fire({ projects: touched });
  }

  projects(): Project[] {
    return [...this.#projects.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  project(id: string): Project | undefined {
    return this.#projects.get(id);
  }

  session(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  /** Every session, any project, newest first. */
  allSessions(): Session[] {
    return [...this.#sessions.values()].sort(bySessionRecency);
  }

  /** A project's sessions, newest first (cached until the project changes). */
  sessionsOf(projectId: string): readonly Session[] {
    let list = this.#sortedCache.get(projectId);
    if (!list) {
      const ids = this.#byProject.get(projectId);
      list = ids ? [...ids].map((id) => this.#sessions.get(id)!).sort(bySessionRecency) : [];
      this.#sortedCache.set(projectId, list);
    }
    return list;
  }

  counts(): Readonly<StateCounts> {
    return this.#counts;
  }

  /** Sessions waiting for a person (permission or login): the badge number. */
  get waitingCount(): number {
    return this.#counts.waiting_for_user;
  }

  /** 1-based place of a queued session in the admission queue (from the sessions here: no request). */
  queuePosition(sessionId: string): number | null {
    this.#positions ??= queuePositions([...this.#queued].flatMap((id) => this.#sessions.get(id) ?? []));
    return this.#positions.get(sessionId) ?? null;
  }

  /** Sessions whose setup command runs now, for the tree's one-second clock. */
  settingUp(): Session[] {
    return [...this.#settingUp].flatMap((id) => this.#sessions.get(id) ?? []);
  }

  get runningCount(): number {
    return RUNNING_STATES.reduce((n, s) => n + this.#counts[s], 0);
  }

  /** Only the types it shows are narrowed (parsed): message chunks and the like cost nothing here. */
  #apply(e: LooseEvent, touched: Set<string>): boolean {
    switch (e.type) {
      case 'project.added':
      case 'project.updated': {
        const p = narrowEvent(e, e.type)?.payload.project;
        if (!p) return false;
        this.#projects.set(p.id, p);
        touched.add(p.id);
        return true;
      }
      case 'project.removed': {
        // Its sessions went first (each with `session.deleted`); whatever is left goes with it.
        if (!e.projectId || !this.#projects.delete(e.projectId)) return false;
        for (const id of [...(this.#byProject.get(e.projectId) ?? [])]) this.#removeSession(id, touched);
        this.#byProject.delete(e.projectId);
        this.#sortedCache.delete(e.projectId);
        touched.add(e.projectId);
        return true;
      }
      case 'session.created':
      case 'session.updated': {
        const s = narrowEvent(e, e.type)?.payload.session;
        if (!s) return false;
        this.#putSession(s, touched);
        return true;
      }
      case 'session.state_changed': {
        const cur = e.sessionId ? this.#sessions.get(e.sessionId) : undefined;
        const p = narrowEvent(e, e.type)?.payload;
        if (!cur || !p) return false;
        if (p.to === 'deleted') return this.#removeSession(cur.id, touched);
        this.#putSession(
          {
            ...cur,
            state: p.to,
            stateReason: p.reason,
            stateDetail: p.detail,
            updatedAt: e.time > cur.updatedAt ? e.time : cur.updatedAt,
          },
          touched,
        );
        return true;
      }
      case 'agent.started': {
        const cur = e.sessionId ? this.#sessions.get(e.sessionId) : undefined;
        const p = narrowEvent(e, e.type)?.payload;
        if (!cur || !p) return false;
        this.#putSession({ ...cur, authMethods: p.authMethods }, touched);
        return true;
      }
      case 'session.config_changed': {
        // The tooltip's model and mode follow the agent's current values.
        const cur = e.sessionId ? this.#sessions.get(e.sessionId) : undefined;
        const p = narrowEvent(e, e.type)?.payload;
        if (!cur || !p) return false;
        this.#putSession({ ...cur, configOptions: p.options, requestedSettings: p.requested }, touched);
        return true;
      }
      case 'session.deleted':
        return e.sessionId ? this.#removeSession(e.sessionId, touched) : false;
      case 'ports.leased':
      case 'ports.released':
      case 'setup.started':
      case 'setup.ended':
        return this.#applyFleetEvent(e, touched);
      default:
        return false;
    }
  }

  /**
   * Ports and setup progress as their own events announce them, so the tree is current even
   * before the session record that carries them arrives (a later `session.updated` sets them whole).
   */
  #applyFleetEvent(e: LooseEvent, touched: Set<string>): boolean {
    const cur = e.sessionId ? this.#sessions.get(e.sessionId) : undefined;
    if (!cur) return false;
    const t = narrowEvent(e);
    if (!t) return false;
    switch (t.type) {
      case 'ports.leased':
        this.#putSession({ ...cur, ports: t.payload.ports }, touched);
        return true;
      case 'ports.released': {
        const gone = new Set(t.payload.ports);
        this.#putSession({ ...cur, ports: (cur.ports ?? []).filter((p) => !gone.has(p.port)) }, touched);
        return true;
      }
      case 'setup.started':
      case 'setup.ended': {
        if (t.payload.phase !== 'setup') return false;
        this.#putSession({ ...cur, setup: setupAfter(cur.setup, t.type, t.payload, e.time) }, touched);
        return true;
      }
      default:
        return false;
    }
  }

  #putSession(s: Session, touched?: Set<string>): void {
    const prev = this.#sessions.get(s.id);
    if (isSettingUp(s)) this.#settingUp.add(s.id);
    else this.#settingUp.delete(s.id);
    if (prev?.state === 'queued' || s.state === 'queued') {
      if (s.state === 'queued') this.#queued.add(s.id);
      else this.#queued.delete(s.id);
      if (prev?.state !== s.state || prev.queueSeq !== s.queueSeq) this.#queueMoved(touched);
    }
    if (prev) {
      this.#counts[prev.state]--;
      if (prev.projectId !== s.projectId) {
        this.#byProject.get(prev.projectId)?.delete(s.id);
        this.#sortedCache.delete(prev.projectId);
        touched?.add(prev.projectId);
      }
    }
    this.#sessions.set(s.id, s);
    this.#counts[s.state]++;
    let set = this.#byProject.get(s.projectId);
    if (!set) this.#byProject.set(s.projectId, (set = new Set()));
    set.add(s.id);
    this.#sortedCache.delete(s.projectId);
    touched?.add(s.projectId);
  }

  /** The queue changed: positions are recomputed, and every project with a queued session redraws. */
  #queueMoved(touched: Set<string> | undefined): void {
    this.#positions = null;
    for (const id of this.#queued) {
      const q = this.#sessions.get(id);
      if (q) touched?.add(q.projectId);
    }
  }

  #removeSession(id: string, touched: Set<string>): boolean {
    const prev = this.#sessions.get(id);
    if (!prev) return false;
    this.#sessions.delete(id);
    this.#settingUp.delete(id);
    if (this.#queued.delete(id)) this.#queueMoved(touched);
    this.#counts[prev.state]--;
    this.#byProject.get(prev.projectId)?.delete(id);
    this.#sortedCache.delete(prev.projectId);
    touched.add(prev.projectId);
    return true;
  }
}

type SetupEventPayload = { index: number; total: number; command: string; exitCode?: number | null; timedOut?: boolean; signal?: string | null };

/** The setup status after a `setup.started` / `setup.ended` event. */
function setupAfter(prev: Session['setup'], type: 'setup.started' | 'setup.ended', p: SetupEventPayload, time: string): NonNullable<Session['setup']> {
  const base = prev ?? { state: 'pending', command: null, index: 0, total: p.total, commandStartedAt: null, startedAt: null, endedAt: null, exitCode: null };
  if (type === 'setup.started') {
    return { ...base, state: 'running', command: p.command, index: p.index, total: p.total, commandStartedAt: time, startedAt: base.startedAt ?? time, endedAt: null, exitCode: null };
  }
  const failed = p.exitCode !== 0 || p.timedOut === true || (p.signal ?? null) !== null;
  if (failed) return { ...base, state: 'failed', command: p.command, index: p.index, total: p.total, endedAt: time, exitCode: p.exitCode ?? null };
  const last = p.index + 1 >= p.total;
  return { ...base, state: last ? 'done' : 'running', command: last ? null : base.command, index: p.index, total: p.total, endedAt: last ? time : null, exitCode: 0, ...(last ? { commandStartedAt: null } : {}) };
}
