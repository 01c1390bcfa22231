// The Containers section's data: the pods (containers the daemon made) as `pod/list` last said,
// kept current between listings by the container.* / computer.* events. Host-independent (no
// `vscode`), so unit tests drive it directly. Events that carry the whole truth are applied
// here; the others (a new container, a reconciliation) only say "list again", which the caller
// does, debounced.
import type { Pod } from '../../daemon/protocol/containerEntities.js';
import { narrowEvent, type LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { Emitter } from '../util/emitter.js';

/** Docker states a container passes through on its way to running (or out of it). */
const TRANSIENT_STATES = new Set(['created', 'restarting', 'removing']);

/** Event types after which only a fresh listing tells the truth (their payloads are partial). */
const RELOAD_ON = new Set(['container.created', 'containers.reconciled', 'container.reattached']);

export class ContainersModel {
  readonly #pods = new Map<string, Pod>();
  #loaded = false;
  #error: string | null = null;
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  /** A listing has arrived (or failed) at least once. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Why the last listing failed (no reachable engine, typically), else null. */
  get error(): string | null {
    return this.#error;
  }

  /** Computer containers first (by user), then agent containers, newest first. */
  pods(): Pod[] {
    return [...this.#pods.values()].sort((a, b) => {
      if (a.kind !== b.kind) return a.kind === 'computer' ? -1 : 1;
      if (a.kind === 'computer') return a.user.localeCompare(b.user);
      return b.createdAt.localeCompare(a.createdAt);
    });
  }

  /** Some pod is between states (created, not started yet): worth listing again shortly. */
  get settling(): boolean {
    for (const p of this.#pods.values()) if (TRANSIENT_STATES.has(p.state)) return true;
    return false;
  }

  pod(id: string): Pod | undefined {
    return this.#pods.get(id);
  }

  /** The user's computer container, if the daemon has made one. */
  computerOf(user: string): Pod | undefined {
    return this.pods().find((p) => p.kind === 'computer' && p.user === user);
  }

  /** A complete listing replaces everything known. */
  setPods(pods: readonly Pod[]): void {
    this.#pods.clear();
    for (const p of pods) this.#pods.set(p.id, p);
    this.#loaded = true;
    this.#error = null;
    this.#onDidChange.fire();
  }

  /** The listing failed: what was shown may be gone, so show the reason instead. */
  setError(message: string): void {
    this.#pods.clear();
    this.#loaded = true;
    this.#error = message;
    this.#onDidChange.fire();
  }

  /** Applies one daemon event; returns true when a fresh listing is needed to show the truth. */
  applyEvent(e: LooseEvent): boolean {
    if (RELOAD_ON.has(e.type)) return true;
    // No event says "the container started"; its session moving on (the agent is up, or gone) does.
    if (e.type === 'session.state_changed') return e.sessionId != null && this.pods().some((p) => p.sessionId === e.sessionId);
    const removed = narrowEvent(e, 'container.removed');
    // An empty id would match every pod by prefix.
    if (removed && removed.payload.containerId !== '') {
      const known = this.#find(removed.payload.containerId);
      if (!known) return false;
      this.#pods.delete(known.id);
      this.#onDidChange.fire();
      return false;
    }
    const ready = narrowEvent(e, 'computer.ready');
    if (ready && ready.payload.containerId !== '') {
      const known = this.#find(ready.payload.containerId);
      // A computer we have not listed yet (made by another client a moment ago): list again.
      if (!known) return true;
      this.#pods.set(known.id, { ...known, ready: true, state: 'running' });
      this.#onDidChange.fire();
      return false;
    }
    return false;
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }

  /** Events and listings may name a container by its full id or a prefix of it. */
  #find(id: string): Pod | undefined {
    const exact = this.#pods.get(id);
    if (exact) return exact;
    for (const p of this.#pods.values()) if (p.id.startsWith(id) || id.startsWith(p.id)) return p;
    return undefined;
  }
}
