// Ports leased to sessions ↔ the `port_leases` table. The port is the primary key, so two
// sessions can never hold one port, whatever the caller does; a session's rows go with it
// (ON DELETE CASCADE) when its record is deleted.
import type { PortLease } from '../protocol/fleetEntities.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';

interface LeaseRow {
  port: number;
  session_id: string;
  name: string | null;
}

export interface LeaseHolder {
  port: number;
  sessionId: string;
}

export class PortLeasesRepo {
  private readonly insertStmt: Statement<[number, string, string | null, string]>;
  private readonly ofSessionStmt: Statement<[string], LeaseRow>;
  private readonly inRangeStmt: Statement<[number, number], { port: number }>;
  private readonly deleteStmt: Statement<[string], { port: number }>;
  private readonly allStmt: Statement<[], LeaseRow>;

  constructor(private readonly db: Database) {
    // ON CONFLICT DO NOTHING: a port another session holds is reported by `changes`, not an error.
    this.insertStmt = db.prepare('INSERT INTO port_leases (port, session_id, name, leased_at) VALUES (?, ?, ?, ?) ON CONFLICT (port) DO NOTHING');
    this.ofSessionStmt = db.prepare('SELECT port, session_id, name FROM port_leases WHERE session_id = ? ORDER BY port');
    this.inRangeStmt = db.prepare('SELECT port FROM port_leases WHERE port BETWEEN ? AND ?');
    this.deleteStmt = db.prepare('DELETE FROM port_leases WHERE session_id = ? RETURNING port');
    this.allStmt = db.prepare('SELECT port, session_id, name FROM port_leases ORDER BY port');
  }

  /**
   * Stores the whole block in one transaction, or nothing: answers the ports some other session
   * already holds (empty when the block was stored). Throws StorageError `invalid_reference` when
   * the session does not exist.
   */
  insertBlock(sessionId: string, leases: readonly PortLease[], leasedAt: string): number[] {
    const taken: number[] = [];
    const insert = this.db.transaction(() => {
      for (const l of leases) {
        if (this.insertStmt.run(l.port, sessionId, l.name, leasedAt).changes === 0) taken.push(l.port);
      }
      // Throwing rolls the rows already inserted back: nothing is half-leased.
      if (taken.length > 0) throw new BlockTaken();
    });
    try {
      guard(`leasing ports to session ${sessionId}`, () => insert());
    } catch (e) {
      if (!(e instanceof BlockTaken)) throw e;
    }
    return taken;
  }

  /** The session's leases, by port. */
  ofSession(sessionId: string): PortLease[] {
    return this.ofSessionStmt.all(sessionId).map((r) => ({ port: r.port, name: r.name }));
  }

  /** Ports of [from, to] leased to any session. */
  leasedIn(from: number, to: number): Set<number> {
    return new Set(this.inRangeStmt.all(from, to).map((r) => r.port));
  }

  /** Removes the session's leases; answers the ports freed. */
  deleteSession(sessionId: string): number[] {
    return guard(`releasing the ports of session ${sessionId}`, () => this.deleteStmt.all(sessionId))
      .map((r) => r.port)
      .sort((a, b) => a - b);
  }

  /** Every lease, by port (health checks and tests). */
  all(): LeaseHolder[] {
    return this.allStmt.all().map((r) => ({ port: r.port, sessionId: r.session_id }));
  }
}

/** Internal: rolls `insertBlock`'s transaction back when a port was taken. */
class BlockTaken extends Error {}
