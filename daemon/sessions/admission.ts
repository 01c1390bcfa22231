// Admission control: how many agents may be alive at once (a cap, and a floor of free memory below
// which new ones wait). A session holds a slot from the moment its start is admitted (worktree,
// setup, agent) until its agent process is gone; the others wait FIFO in the visible `queued`
// state. The order is each session's `queueSeq`, stored, so a daemon restart keeps it.
import os from 'node:os';
import { AdmissionLimitsSchema, type AdmissionLimits, type AdmissionSnapshot } from '../protocol/fleetEntities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { Store } from '../storage/store.js';
import type { AdmissionApi } from './admissionApi.js';
import type { EventBus } from './eventBus.js';

const LIMITS_KEY = 'admission.limits';
const MIB = 1024 * 1024;

/** The default cap: one agent per 2 GiB of memory (a real agent holds 0.5–2 GB), at least 2. */
export function defaultLimits(totalBytes = os.totalmem()): AdmissionLimits {
  return {
    maxAgents: Math.max(2, Math.floor(totalBytes / (2 * 1024 * MIB))),
    // A tenth of the machine, at least 256 MiB and at most 2 GiB: room for the editor and the daemon.
    memoryFloorMb: Math.min(2048, Math.max(256, Math.floor(totalBytes / MIB / 10))),
  };
}

/** The machine's available memory in MiB (Node reads MemAvailable on Linux). */
export function availableMemoryMb(): number {
  return Math.floor(os.freemem() / MIB);
}

export interface AdmissionDeps {
  store: Store;
  bus: EventBus;
  /** Limits when none are stored (the daemon's flags, else `defaultLimits()`). */
  defaults: AdmissionLimits;
  /** Flags given at start win over stored limits (and are stored). */
  forced?: Partial<AdmissionLimits>;
  availableMemoryMb?: () => number;
  /** Starts ending one idle agent (the least recently used) to free a slot; its session id, or null when none is idle. */
  evictIdle: (exclude: ReadonlySet<string>) => string | null;
  /** How often a queue held up by the memory floor looks again. */
  memoryPollMs?: number;
}

/** Rejection of a wait that was withdrawn (cancelled, stopped or deleted while queued). */
export class AdmissionWithdrawn extends Error {
  constructor(readonly sessionId: string) {
    super('withdrawn from the queue');
  }
}

interface Waiter {
  sessionId: string;
  seq: number;
  admit: () => void;
  withdraw: (err: Error) => void;
}

export class Admission implements AdmissionApi {
  private limits: AdmissionLimits;
  private readonly holders = new Set<string>();
  private readonly waiters: Waiter[] = [];
  private lastSeq: number;
  private pollTimer: NodeJS.Timeout | null = null;
  /** Idle agents being ended for waiting sessions: one per waiter, never more. */
  private readonly evicting = new Set<string>();
  private readonly memory: () => number;

  constructor(private readonly deps: AdmissionDeps) {
    const stored = deps.store.daemonSettings.get(LIMITS_KEY, AdmissionLimitsSchema);
    this.limits = { ...(stored ?? deps.defaults), ...deps.forced };
    if (deps.forced && Object.keys(deps.forced).length > 0) deps.store.daemonSettings.put(LIMITS_KEY, this.limits);
    this.memory = deps.availableMemoryMb ?? availableMemoryMb;
    this.lastSeq = deps.store.sessions.list({ includeArchived: true }).reduce((max, s) => Math.max(max, s.queueSeq ?? 0), 0);
  }

  get maxAgents(): number {
    return this.limits.maxAgents;
  }

  /** A new ticket, later than every ticket handed out before (including before a restart). */
  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  holds(sessionId: string): boolean {
    return this.holders.has(sessionId);
  }

  isWaiting(sessionId: string): boolean {
    return this.waiters.some((w) => w.sessionId === sessionId);
  }

  /** A slot now, when one is free and nobody waits ahead; never queues. */
  tryAcquire(sessionId: string): boolean {
    if (this.holders.has(sessionId)) return true;
    if (this.waiters.length > 0 || this.blockedBy() !== null) return false;
    this.holders.add(sessionId);
    return true;
  }

  /**
   * Waits for a slot in `seq` order. Resolves once admitted; rejects with AdmissionWithdrawn when
   * `withdraw` is called first. A session already waiting keeps its place (the same promise is not
   * shared: the earlier wait is withdrawn).
   */
  acquire(sessionId: string, seq: number): Promise<void> {
    if (this.tryAcquire(sessionId)) return Promise.resolve();
    this.withdraw(sessionId);
    return new Promise<void>((admit, withdraw) => {
      const waiter: Waiter = { sessionId, seq, admit, withdraw };
      const at = this.waiters.findIndex((w) => w.seq > seq);
      if (at === -1) this.waiters.push(waiter);
      else this.waiters.splice(at, 0, waiter);
      this.pump();
    });
  }

  /** The session's slot is free again (its agent is gone, or its start failed). Idempotent. */
  release(sessionId: string): void {
    this.evicting.delete(sessionId);
    if (this.holders.delete(sessionId)) this.pump();
  }

  /** An agent became idle (its session completed): a waiting session may take its slot now. */
  agentIdle(): void {
    if (this.waiters.length > 0) this.pump();
  }

  /** Takes the session out of the queue; true when it was waiting. */
  withdraw(sessionId: string): boolean {
    const at = this.waiters.findIndex((w) => w.sessionId === sessionId);
    if (at === -1) return false;
    const [waiter] = this.waiters.splice(at, 1);
    waiter?.withdraw(new AdmissionWithdrawn(sessionId));
    this.pump();
    return true;
  }

  /** 1-based place in the queue, or null when not waiting. */
  positionOf(sessionId: string): number | null {
    const at = this.waiters.findIndex((w) => w.sessionId === sessionId);
    return at === -1 ? null : at + 1;
  }

  snapshot(): AdmissionSnapshot {
    return {
      ...this.limits,
      running: [...this.holders],
      queue: this.waiters.map((w, i) => ({ sessionId: w.sessionId, position: i + 1 })),
      availableMemoryMb: this.memory(),
      blockedBy: this.waiters.length > 0 ? this.blockedBy() : null,
    };
  }

  setLimits(patch: Partial<AdmissionLimits>): AdmissionSnapshot {
    const next = AdmissionLimitsSchema.safeParse({ ...this.limits, ...patch });
    if (!next.success) throw new SwitchboardError('invalid_request', next.error.issues[0]?.message ?? 'invalid limits', String(next.error.issues[0]?.path[0] ?? ''));
    this.limits = next.data;
    this.deps.store.daemonSettings.put(LIMITS_KEY, this.limits);
    this.deps.bus.emit('admission.limits_changed', { sessionId: null, projectId: null }, this.limits);
    this.pump();
    return this.snapshot();
  }

  stop(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** Why a new agent cannot start now: the cap, the memory floor, or nothing. */
  private blockedBy(): 'cap' | 'memory' | null {
    if (this.holders.size >= this.limits.maxAgents) return 'cap';
    if (this.limits.memoryFloorMb > 0 && this.memory() < this.limits.memoryFloorMb) return 'memory';
    return null;
  }

  /** Admits waiting sessions in order while they fit; frees an idle agent when only the cap holds them up. */
  private pump(): void {
    for (;;) {
      const head = this.waiters[0];
      if (!head) return;
      const blocked = this.blockedBy();
      if (blocked === 'cap') {
        // An idle agent (a completed session between turns) gives its slot to a waiting session;
        // its session starts it again on the next prompt. Its exit releases the slot and pumps.
        while (this.evicting.size < this.waiters.length) {
          const evicted = this.deps.evictIdle(this.evicting);
          if (evicted === null) break;
          this.evicting.add(evicted);
        }
        return;
      }
      if (blocked === 'memory') {
        this.pollMemory();
        return;
      }
      this.waiters.shift();
      this.holders.add(head.sessionId);
      head.admit();
    }
  }

  private pollMemory(): void {
    if (this.pollTimer) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.pump();
    }, this.deps.memoryPollMs ?? 2000);
    this.pollTimer.unref();
  }
}
