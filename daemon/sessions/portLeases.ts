// Per-session blocks of ports (docs/worktree-setup.md "Ports"): ten sessions that each start a
// dev server on "the" port would collide, so each leases its own block and finds it in its env.
// A port is handed out only when nothing listens on it (checked by binding 127.0.0.1) and no other
// session holds it (the `port_leases` primary key); leases are rows, so they outlive a restart.
import net from 'node:net';
import type { Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { PortLease } from '../protocol/fleetEntities.js';
import type { ProjectConfig } from '../protocol/projectConfig.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { SessionRecords } from './sessionRecords.js';

export interface PortLeasesApi {
  /**
   * The session's block: the one it holds, else a new one of `config.count` (default 10) free ports
   * from `config.range` (default the daemon's range), preferring the ports it had before; each port
   * checked free on 127.0.0.1 at lease time, never one leased to another session (the table's
   * primary key). Stored in `port_leases` and `session.ports` (announced), `ports.leased` emitted.
   * Rejects with SwitchboardError `conflict` (409, details {range, count, free}) when the range has too few free ports.
   */
  lease(sessionId: string, config: ProjectConfig['ports'] | undefined): Promise<PortLease[]>;
  /** Gives the session's ports back (`ports.released`); idempotent. */
  release(sessionId: string): void;
  /** PORT, SWITCHBOARD_PORTS, SWITCHBOARD_PORT_<NAME>, SWITCHBOARD_SESSION_SLUG for the agent and the hooks. */
  envFor(session: Session): Record<string, string>;
}

export const DEFAULT_PORT_COUNT = 10;
/** Postgres truncates identifiers at 63 bytes; MySQL allows 64. The slug fits both. */
const MAX_SLUG_LENGTH = 63;
/** Bind checks run this many at a time: fast on a big range, without a burst of sockets. */
const MAX_PARALLEL_CHECKS = 64;

export interface PortLeasesOptions {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  /** The daemon's range (`--port-range`), used when the project config names none. */
  range: [number, number];
}

export class PortLeases implements PortLeasesApi {
  /**
   * Leases run one at a time: two sessions checking the same free port at once would both find it
   * free. The primary key would still refuse the second, but serializing spares the retry.
   */
  private chain: Promise<unknown> = Promise.resolve();
  /** Releases per session: a lease in flight when its session released (stopped) commits nothing. */
  private readonly releases = new Map<string, number>();

  constructor(private readonly deps: PortLeasesOptions) {}

  lease(sessionId: string, config: ProjectConfig['ports'] | undefined): Promise<PortLease[]> {
    const run = this.chain.then(() => this.leaseNow(sessionId, config));
    this.chain = run.catch(() => undefined);
    return run;
  }

  release(sessionId: string): void {
    const { store, bus, records } = this.deps;
    this.releases.set(sessionId, (this.releases.get(sessionId) ?? 0) + 1);
    const session = store.sessions.get(sessionId);
    const hadPorts = (session?.ports?.length ?? 0) > 0;
    const freed = store.transaction(() => {
      const ports = store.portLeases.deleteSession(sessionId);
      if (session && hadPorts) store.sessions.update(sessionId, { ports: null, updatedAt: nowIso() });
      return ports;
    });
    if (!session) return; // deleted: its rows went with it, and nobody is left to tell
    if (hadPorts) {
      const updated = records.get(sessionId);
      bus.emit('session.updated', records.scope(updated), { session: updated });
    }
    if (freed.length > 0) bus.emit('ports.released', records.scope(session), { ports: freed });
  }

  envFor(session: Session): Record<string, string> {
    // The caller's record may predate the lease; the table is the truth.
    const fresh = this.deps.records.find(session.id) ?? session;
    const ports = this.current(fresh);
    const env: Record<string, string> = { SWITCHBOARD_SESSION_SLUG: this.slugOf(fresh) };
    const first = ports[0];
    if (first === undefined) return env;
    env.PORT = String(first.port);
    env.SWITCHBOARD_PORTS = ports.map((p) => p.port).join(',');
    for (const p of ports) if (p.name !== null) env[`SWITCHBOARD_PORT_${p.name.toUpperCase()}`] = String(p.port);
    return env;
  }

  private async leaseNow(sessionId: string, config: ProjectConfig['ports'] | undefined): Promise<PortLease[]> {
    const session = this.deps.records.get(sessionId);
    const held = this.current(session);
    if (held.length > 0) return held;
    const count = config?.count ?? DEFAULT_PORT_COUNT;
    const range = config?.range ?? this.deps.range;
    const releasesBefore = this.releases.get(session.id) ?? 0;
    const lost = new Set<number>();
    for (;;) {
      const found = await this.findFree(session, range, count, lost);
      if (found.free.length < count) {
        throw new SwitchboardError(
          'conflict',
          `ports.range ${range[0]}-${range[1]} has ${found.free.length} free ports; the session needs ${count} (free some, or widen the project's ports.range or the daemon's --port-range)`,
          'ports.range',
          { range, count, free: found.free.length },
        );
      }
      if ((this.releases.get(session.id) ?? 0) !== releasesBefore) {
        throw new SwitchboardError('conflict', `session ${session.id} gave its ports back while they were being leased`, 'ports');
      }
      const leases = found.free.map((port, i) => ({ port, name: config?.names?.[i] ?? null }));
      const taken = this.storeBlock(session.id, leases);
      if (taken.length === 0) {
        this.announce(session.id, leases, found.skipped);
        return leases;
      }
      // Another writer got there first (another daemon on the same file): look again without them.
      for (const port of taken) lost.add(port);
    }
  }

  /** The rows and `session.ports` in one transaction; answers the ports found taken (nothing stored then). */
  private storeBlock(sessionId: string, leases: PortLease[]): number[] {
    const { store } = this.deps;
    return store.transaction(() => {
      const taken = store.portLeases.insertBlock(sessionId, leases, nowIso());
      if (taken.length === 0) store.sessions.update(sessionId, { ports: leases, updatedAt: nowIso() });
      return taken;
    });
  }

  private announce(sessionId: string, ports: PortLease[], skipped: number[]): void {
    const { bus, records } = this.deps;
    const updated = records.get(sessionId);
    bus.emit('session.updated', records.scope(updated), { session: updated });
    bus.emit('ports.leased', records.scope(updated), { ports, skipped });
  }

  /**
   * Up to `count` ports of the range that no session holds and nothing listens on, the session's
   * earlier ports first (so a resumed session's servers come back where they were); `skipped`:
   * ports found in use by some other process.
   */
  private async findFree(session: Session, [from, to]: [number, number], count: number, lost: Set<number>): Promise<{ free: number[]; skipped: number[] }> {
    const leased = this.deps.store.portLeases.leasedIn(from, to);
    const free: number[] = [];
    const skipped: number[] = [];
    const candidates = candidatePorts(this.previousPorts(session), from, to, (p) => !leased.has(p) && !lost.has(p));
    let batch: number[] = [];
    const check = async (): Promise<void> => {
      const answers = await Promise.all(batch.map(bindsOnLoopback));
      batch.forEach((port, i) => (answers[i] ? free : skipped).push(port));
      batch = [];
    };
    for (const port of candidates) {
      batch.push(port);
      if (batch.length >= Math.min(count - free.length, MAX_PARALLEL_CHECKS)) await check();
      if (free.length >= count) break;
    }
    if (batch.length > 0) await check();
    return { free: free.slice(0, count), skipped };
  }

  /** The ports the session held last: its record's, else those of its last `ports.leased` event. */
  private previousPorts(session: Session): number[] {
    if (session.ports && session.ports.length > 0) return session.ports.map((p) => p.port);
    const events = this.deps.store.events.list({ sessionId: session.id, types: ['ports.leased'], limit: 10_000 });
    const last = events.at(-1);
    return last?.type === 'ports.leased' ? last.payload.ports.map((p) => p.port) : [];
  }

  /** The rows, in the order of `session.ports` when it agrees with them (the first one is PORT). */
  private current(session: Session): PortLease[] {
    const rows = this.deps.store.portLeases.ofSession(session.id);
    const recorded = session.ports ?? [];
    const same = recorded.length === rows.length && recorded.every((p) => rows.some((r) => r.port === p.port));
    return same ? recorded : rows;
  }

  /** `sb_<project>_<shortId>`: lowercase letters, digits and `_`, so it works as a database name. */
  private slugOf(session: Session): string {
    const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    const tail = clean(session.shortId);
    const project = clean(this.deps.store.projects.get(session.projectId)?.slug ?? '');
    const room = MAX_SLUG_LENGTH - 'sb__'.length - tail.length;
    const head = project.slice(0, Math.max(0, room)).replace(/_+$/, '');
    return head ? `sb_${head}_${tail}` : `sb_${tail}`;
  }
}

/** The earlier ports still in the range, then the range in order, each once, filtered by `usable`. */
function* candidatePorts(previous: number[], from: number, to: number, usable: (port: number) => boolean): Generator<number> {
  const preferred = [...new Set(previous)].filter((p) => p >= from && p <= to && usable(p));
  yield* preferred;
  const seen = new Set(preferred);
  for (let port = from; port <= to; port++) if (!seen.has(port) && usable(port)) yield port;
}

/** Whether a listener can bind 127.0.0.1:port now (on Linux a wildcard listener on it blocks this too). */
function bindsOnLoopback(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
