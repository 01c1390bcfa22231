// The artifacts of sessions (a transcript, the plan and the diff written at each turn end), kept
// in memory for the Sessions view, whose provider does no I/O: a session's list is fetched the
// first time its "Artifacts" node is expanded, then kept current by `artifact.created` events,
// which carry the whole artifact (no refetch). An artifact that lands while the list loads is
// merged in, never lost. Host-independent: the fetch function is injected and unit tests drive it.
import type { Artifact } from '../../daemon/protocol/entities.js';
import { narrowEvent, type LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { Emitter } from '../util/emitter.js';

export type ArtifactsFetcher = (sessionId: string) => Promise<Artifact[]>;

export type ArtifactsStatus = 'loading' | 'loaded' | 'error';

/** One turn's artifacts: the newest of each kind, transcript first, then plan, diff and the rest. */
export interface ArtifactTurn {
  /** 0-based; null for artifacts of no turn. */
  turnIndex: number | null;
  artifacts: Artifact[];
}

export interface SessionArtifacts {
  status: ArtifactsStatus;
  /** By turn, first turn first. */
  turns: ArtifactTurn[];
  error: string | null;
}

const KIND_ORDER: Record<Artifact['kind'], number> = { transcript: 0, plan: 1, diff: 2, log: 3, file: 4 };

interface Entry {
  status: ArtifactsStatus;
  byId: Map<string, Artifact>;
  error: string | null;
  turns: ArtifactTurn[] | null;
  /** Bumped by a reload, so an older answer is dropped. */
  generation: number;
}

export class ArtifactsModel {
  readonly #fetch: ArtifactsFetcher;
  readonly #entries = new Map<string, Entry>();
  readonly #onDidChange = new Emitter<string>();
  /** Fires with a session id after its list (or its loading state) changed. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(fetch: ArtifactsFetcher) {
    this.#fetch = fetch;
  }

  /** What is known of a session's artifacts; undefined until `request` was called for it. */
  get(sessionId: string): SessionArtifacts | undefined {
    const e = this.#entries.get(sessionId);
    return e ? this.#view(e) : undefined;
  }

  /** Makes sure the session's list is loaded or loading; returns at once. */
  request(sessionId: string): SessionArtifacts {
    let e = this.#entries.get(sessionId);
    if (!e) {
      e = { status: 'loading', byId: new Map(), error: null, turns: null, generation: 0 };
      this.#entries.set(sessionId, e);
      void this.#load(sessionId, e);
    }
    return this.#view(e);
  }

  /** One artifact of a session, when listed. */
  artifact(sessionId: string, id: string): Artifact | undefined {
    return this.#entries.get(sessionId)?.byId.get(id);
  }

  /** A new artifact joins a list already asked for; a deleted session is forgotten. */
  applyEvent(e: LooseEvent): void {
    if (e.type === 'artifact.created') {
      const a = narrowEvent(e, 'artifact.created')?.payload.artifact;
      const entry = a ? this.#entries.get(a.sessionId) : undefined;
      if (!a || !entry) return;
      entry.byId.set(a.id, a);
      entry.turns = null;
      this.#onDidChange.fire(a.sessionId);
    } else if (e.type === 'session.deleted' && e.sessionId && this.#entries.delete(e.sessionId)) {
      this.#onDidChange.fire(e.sessionId);
    }
  }

  /** The daemon's log was replaced or the feed reconnected: list again what was asked for. */
  invalidateAll(): void {
    for (const [sessionId, e] of this.#entries) {
      e.generation++;
      e.byId.clear();
      e.turns = null;
      e.status = 'loading';
      void this.#load(sessionId, e);
      this.#onDidChange.fire(sessionId);
    }
  }

  async #load(sessionId: string, e: Entry): Promise<void> {
    const generation = e.generation;
    try {
      const listed = await this.#fetch(sessionId);
      if (this.#entries.get(sessionId) !== e || e.generation !== generation) return;
      // Merged, not replaced: an `artifact.created` seen while this loaded stays.
      for (const a of listed) e.byId.set(a.id, a);
      e.status = 'loaded';
      e.error = null;
    } catch (err) {
      if (this.#entries.get(sessionId) !== e || e.generation !== generation) return;
      e.status = 'error';
      e.error = err instanceof Error ? err.message : String(err);
    }
    e.turns = null;
    this.#onDidChange.fire(sessionId);
  }

  #view(e: Entry): SessionArtifacts {
    e.turns ??= byTurn([...e.byId.values()]);
    return { status: e.status, turns: e.turns, error: e.error };
  }
}

/** Artifacts grouped by turn; in each turn the newest of each kind. */
export function byTurn(artifacts: readonly Artifact[]): ArtifactTurn[] {
  const turns = new Map<number | null, Map<Artifact['kind'], Artifact>>();
  for (const a of artifacts) {
    let kinds = turns.get(a.turnIndex);
    if (!kinds) turns.set(a.turnIndex, (kinds = new Map()));
    const had = kinds.get(a.kind);
    if (!had || had.createdAt <= a.createdAt) kinds.set(a.kind, a);
  }
  return [...turns.entries()]
    .sort(([a], [b]) => (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER))
    .map(([turnIndex, kinds]) => ({ turnIndex, artifacts: [...kinds.values()].sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind]) }));
}
