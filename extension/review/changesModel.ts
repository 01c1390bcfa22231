// The changed files of sessions, kept in memory for the Sessions view (whose provider does no
// I/O): a session's listing is fetched the first time its node is expanded, then kept fresh by
// the daemon's events — turn ends, file writes, review.* and session.updated (drift and merged
// flags) — coalesced per session, so a busy agent costs one listing per quiet moment. A session
// shows either all its changes (against its base) or one turn's own. Host-independent: the
// fetch function and the timer are injected, and the unit tests drive both.
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { Changes } from '../../daemon/protocol/reviewEntities.js';
import { Emitter } from '../util/emitter.js';
import { layoutChanges, type ChangeLayout } from './changeGroups.js';

export type ChangesFetcher = (sessionId: string, turn: number | null) => Promise<Changes>;

export type ChangesStatus = 'loading' | 'loaded' | 'error';

export interface SessionChanges {
  status: ChangesStatus;
  /** The turn shown (null: all changes since the base). */
  turn: number | null;
  /** The last listing of that turn (kept while a refresh loads). */
  changes: Changes | null;
  layout: ChangeLayout | null;
  error: string | null;
}

interface Entry extends SessionChanges {
  inFlight: boolean;
  /** Changed again while a fetch was in flight: fetch once more when it lands. */
  again: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  /** Bumped by setTurn/forget so a late answer for the old turn is dropped. */
  generation: number;
}

export interface ChangesModelOptions {
  /** Quiet time before an event-triggered refresh (default 300 ms). */
  debounceMs?: number;
  /** Files above which the layout groups by folder. */
  groupThreshold?: number;
  setTimer?: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimer?: (t: ReturnType<typeof setTimeout>) => void;
}

/** Events after which a session's changed files (or its drift/merged flags) may differ. */
export function affectsChanges(type: string): boolean {
  return type === 'turn.ended' || type === 'file.written' || type === 'session.updated' || type.startsWith('review.');
}

export class ChangesModel {
  readonly #fetch: ChangesFetcher;
  readonly #entries = new Map<string, Entry>();
  readonly #debounceMs: number;
  readonly #threshold: number | undefined;
  readonly #setTimer: NonNullable<ChangesModelOptions['setTimer']>;
  readonly #clearTimer: NonNullable<ChangesModelOptions['clearTimer']>;
  readonly #onDidChange = new Emitter<string>();
  /** Fires with a session id after its listing (or its loading state) changed. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(fetch: ChangesFetcher, options: ChangesModelOptions = {}) {
    this.#fetch = fetch;
    this.#debounceMs = options.debounceMs ?? 300;
    this.#threshold = options.groupThreshold;
    this.#setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer = options.clearTimer ?? ((t) => clearTimeout(t));
  }

  /** What is known of a session's changes; undefined until `request` was called for it. */
  get(sessionId: string): SessionChanges | undefined {
    return this.#entries.get(sessionId);
  }

  /** The turn a session shows (null: all changes). */
  turnOf(sessionId: string): number | null {
    return this.#entries.get(sessionId)?.turn ?? null;
  }

  /** Makes sure the session's listing is loaded or loading; returns at once (no I/O waits here). */
  request(sessionId: string): SessionChanges {
    return this.#entry(sessionId);
  }

  #entry(sessionId: string): Entry {
    let e = this.#entries.get(sessionId);
    if (!e) {
      e = { status: 'loading', turn: null, changes: null, layout: null, error: null, inFlight: false, again: false, timer: null, generation: 0 };
      this.#entries.set(sessionId, e);
      this.#start(sessionId, e);
    }
    return e;
  }

  /** Shows one turn's own changes (or all of them with null) and loads that listing now. */
  setTurn(sessionId: string, turn: number | null): void {
    const e = this.#entry(sessionId);
    if (e.turn === turn && e.status !== 'error') return;
    e.turn = turn;
    e.generation++;
    e.changes = null;
    e.layout = null;
    e.status = 'loading';
    e.inFlight = false;
    this.#onDidChange.fire(sessionId);
    this.#start(sessionId, e);
  }

  /** Loads the listing again now (or right after the one in flight): after merge, discard, a retry. */
  async refresh(sessionId: string): Promise<void> {
    const e = this.#entries.get(sessionId);
    if (!e) return;
    if (e.timer) this.#clearTimer(e.timer);
    e.timer = null;
    if (e.inFlight) e.again = true;
    else await this.#load(sessionId, e);
  }

  /** Feeds a daemon event (its type and session: the payload is never read): sessions whose listing may have changed refresh after a quiet moment. */
  applyEvent(ev: Pick<LooseEvent, 'type' | 'sessionId'>): void {
    if (!ev.sessionId) return;
    if (ev.type === 'session.deleted') {
      this.forget(ev.sessionId);
      return;
    }
    if (!affectsChanges(ev.type)) return;
    const e = this.#entries.get(ev.sessionId);
    if (e) this.#schedule(ev.sessionId, e);
  }

  /** Drops a session (deleted): its node is gone. */
  forget(sessionId: string): void {
    const e = this.#entries.get(sessionId);
    if (!e) return;
    if (e.timer) this.#clearTimer(e.timer);
    e.generation++;
    this.#entries.delete(sessionId);
    this.#onDidChange.fire(sessionId);
  }

  /** Everything is stale (the daemon's log was replaced, or it came back): reload what is shown. */
  invalidateAll(): void {
    for (const [id, e] of this.#entries) this.#schedule(id, e);
  }

  /** Sessions whose listing is held. */
  sessions(): string[] {
    return [...this.#entries.keys()];
  }

  dispose(): void {
    for (const e of this.#entries.values()) if (e.timer) this.#clearTimer(e.timer);
    this.#entries.clear();
    this.#onDidChange.dispose();
  }

  #schedule(sessionId: string, e: Entry): void {
    if (e.timer) return;
    e.timer = this.#setTimer(() => {
      e.timer = null;
      if (e.inFlight) e.again = true;
      else void this.#load(sessionId, e);
    }, this.#debounceMs);
  }

  #start(sessionId: string, e: Entry): void {
    if (e.timer) this.#clearTimer(e.timer);
    e.timer = this.#setTimer(() => {
      e.timer = null;
      void this.#load(sessionId, e);
    }, 0);
  }

  async #load(sessionId: string, e: Entry): Promise<void> {
    const gen = e.generation;
    e.inFlight = true;
    e.again = false;
    try {
      const changes = await this.#fetch(sessionId, e.turn);
      if (gen !== e.generation || this.#entries.get(sessionId) !== e) return;
      e.changes = changes;
      e.layout = layoutChanges(changes.files, this.#threshold);
      e.status = 'loaded';
      e.error = null;
    } catch (err) {
      if (gen !== e.generation || this.#entries.get(sessionId) !== e) return;
      e.status = 'error';
      e.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (gen === e.generation) e.inFlight = false;
    }
    this.#onDidChange.fire(sessionId);
    if (e.again && this.#entries.get(sessionId) === e) this.#schedule(sessionId, e);
  }
}
