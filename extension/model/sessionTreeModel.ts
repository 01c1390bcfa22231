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
  readonly #onDidChange = new Emitter<{ projects: Set<string> | 'all' }>();

  /** Fires after every change with the projects touched; the provider debounces refreshes. */
  readonly onDidChange = this.#onDidChange.event;

  get loaded(): boolean {
    return this.#loaded;
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
      default:
        return false;
    }
  }

  #putSession(s: Session, touched?: Set<string>): void {
    const prev = this.#sessions.get(s.id);
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

  #removeSession(id: string, touched: Set<string>): boolean {
    const prev = this.#sessions.get(id);
    if (!prev) return false;
    this.#sessions.delete(id);
    this.#counts[prev.state]--;
    this.#byProject.get(prev.projectId)?.delete(id);
    this.#sortedCache.delete(prev.projectId);
    touched.add(prev.projectId);
    return true;
  }
}
