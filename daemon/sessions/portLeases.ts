// Per-session blocks of ports (docs/worktree-setup.md).
// CONTRACT STUB (issue 11): implemented by the ports helper; the runner and SessionService call it.
import type { PortLease } from '../protocol/fleetEntities.js';
import type { ProjectConfig } from '../protocol/projectConfig.js';
import type { Session } from '../protocol/entities.js';

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
