// How much disk each session takes (its worktree, its artifacts folder, its log), counted as `du`
// counts: allocated blocks, a hard-linked file once per measurement (so a `node_modules` brought in
// by hard link costs its folders, not its files, again). Measured in the background and cached on
// `session.disk`; `/api/v1/health` answers the last total and never measures on the request.
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../protocol/entities.js';
import type { DiskUsage } from '../protocol/fleetEntities.js';
import type { SwitchboardEvent } from '../protocol/events.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';

/** Often enough that `health` is not stale for long; rare enough that a big fleet is not walked all the time. */
const REFRESH_EVERY_MS = 5 * 60_000;
/** After a create or delete: several at once (a fleet being made) lead to one walk. */
const AFTER_CHANGE_MS = 3_000;

/** Inodes already counted in one measurement (`dev:ino`), for files with more than one link. */
type SeenInodes = Set<string>;

/** What `du -sB1 <path>` answers, or 0 when nothing is there. */
export async function duBytes(target: string, seen: SeenInodes = new Set(), alsoSeen?: SeenInodes): Promise<{ bytes: number; globalBytes: number }> {
  const sizes = { bytes: 0, globalBytes: 0 };
  const count = (st: fs.Stats): void => {
    const allocated = st.blocks * 512;
    if (st.nlink > 1 && !st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (!seen.has(key)) {
        seen.add(key);
        sizes.bytes += allocated;
      }
      if (alsoSeen && !alsoSeen.has(key)) {
        alsoSeen.add(key);
        sizes.globalBytes += allocated;
      }
      return;
    }
    sizes.bytes += allocated;
    sizes.globalBytes += allocated;
  };
  const walk = async (p: string): Promise<void> => {
    const st = await fs.promises.lstat(p).catch(() => null);
    if (!st) return; // gone while we looked: a session at work deletes files
    count(st);
    if (!st.isDirectory()) return;
    const names = await fs.promises.readdir(p).catch(() => [] as string[]);
    // One directory's entries at a time: enough parallel lstat calls, bounded memory.
    await Promise.all(names.map((n) => walk(path.join(p, n))));
  };
  await walk(target);
  return sizes;
}

export interface DiskTotal {
  totalBytes: number;
  sessions: number;
  measuredAt: string | null;
}

export interface DiskMeterDeps {
  store: Store;
  bus: EventBus;
  /** `<state dir>/artifacts`: a session's are in `<dir>/<session id>`. */
  artifactsDir: string;
  /** A session's log file. */
  logPathOf: (sessionId: string) => string;
  /** A session by id or short id (404 naming `id` otherwise). */
  session: (idOrShort: string) => Session;
  onError: (what: string, err: unknown) => void;
}

export class DiskMeter {
  private total: DiskTotal = { totalBytes: 0, sessions: 0, measuredAt: null };
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: DiskMeterDeps) {}

  /** Measures one session (by id or short id) now, stores it on the session, and answers it. */
  measureById(idOrShort: string): Promise<DiskUsage> {
    return this.measure(this.deps.session(idOrShort));
  }

  /** Measures one session now, stores it on the session, and answers it. */
  async measure(session: Session): Promise<DiskUsage> {
    const disk = await this.walk(session, new Set());
    this.store(session, disk);
    return disk;
  }

  /** The last total of every session (a hard-linked file shared by sessions once); never measures. */
  lastTotal(): DiskTotal {
    return this.total;
  }

  /** Background measurement: now, every few minutes, and shortly after sessions come and go. */
  start(): void {
    this.refreshSoon(0);
    this.timer = setInterval(() => this.refreshSoon(0), REFRESH_EVERY_MS);
    this.timer.unref();
    this.unsubscribe = this.deps.bus.subscribe((e: SwitchboardEvent) => {
      if (e.type === 'session.created' || e.type === 'session.deleted' || e.type === 'worktree.pruned') this.refreshSoon(AFTER_CHANGE_MS);
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Every session, then the total; one walk at a time. */
  async refresh(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      const everything: SeenInodes = new Set();
      let totalBytes = 0;
      const sessions = this.deps.store.sessions.list({ includeArchived: true });
      for (const listed of sessions) {
        const session = this.deps.store.sessions.get(listed.id);
        if (!session) continue; // deleted meanwhile
        const { disk, globalBytes } = await this.walkCounted(session, new Set(), everything);
        totalBytes += globalBytes;
        this.store(session, disk);
      }
      this.total = { totalBytes, sessions: sessions.length, measuredAt: nowIso() };
    })()
      .catch((err: unknown) => this.deps.onError('measuring disk use failed', err))
      .finally(() => (this.running = null));
    return this.running;
  }

  private refreshSoon(delayMs: number): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.refresh();
    }, delayMs);
    this.soon.unref();
  }

  private async walk(session: Session, seen: SeenInodes): Promise<DiskUsage> {
    return (await this.walkCounted(session, seen)).disk;
  }

  /** Worktree, artifacts and log in one measurement (one inode set), as `du -sB1 a b c` would. */
  private async walkCounted(session: Session, seen: SeenInodes, everything?: SeenInodes): Promise<{ disk: DiskUsage; globalBytes: number }> {
    const parts = [
      session.worktreePath && !session.pruned ? session.worktreePath : null,
      path.join(this.deps.artifactsDir, session.id),
      this.deps.logPathOf(session.id),
    ];
    const sizes = await Promise.all(parts.map(async (p) => (p ? duBytes(p, seen, everything) : { bytes: 0, globalBytes: 0 })));
    const [worktreeBytes, artifactBytes, logBytes] = sizes.map((s) => s.bytes) as [number, number, number];
    return {
      disk: { worktreeBytes, artifactBytes, logBytes, totalBytes: worktreeBytes + artifactBytes + logBytes, measuredAt: nowIso() },
      globalBytes: sizes.reduce((sum, s) => sum + s.globalBytes, 0),
    };
  }

  /**
   * On the session row without touching `updatedAt` (that is the idle clock retention reads);
   * announced only when a number changed, so a quiet fleet does not fill the event log.
   */
  private store(session: Session, disk: DiskUsage): void {
    if (!this.deps.store.sessions.get(session.id)) return;
    const before = session.disk;
    const updated = this.deps.store.sessions.update(session.id, { disk });
    const changed = !before || before.worktreeBytes !== disk.worktreeBytes || before.artifactBytes !== disk.artifactBytes || before.logBytes !== disk.logBytes;
    if (changed) this.deps.bus.emit('session.updated', { sessionId: session.id, projectId: session.projectId }, { session: updated });
  }
}
