// On daemon start, after a crash or kill -9: no session may claim to be running when nothing runs
// it. Leftover agent processes are ended (only ones this daemon started, recognised by the session
// id in their environment), interrupted turns, pending permissions and forms are closed, and each
// session is moved to a truthful state with an event saying why.
import fs from 'node:fs';
import { ACTIVE_STATES, isWaitingForBudget, isWaitingForLogin } from '../protocol/sessionStates.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { ElicitationBroker } from './elicitationBroker.js';
import type { PermissionBroker } from './permissionBroker.js';
import type { SessionRecords } from './sessionRecords.js';

export interface RecoveryDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  permissions: PermissionBroker;
  elicitations: ElicitationBroker;
  killProcessGroup: (pid: number) => Promise<void>;
}

export interface RecoveryReport {
  interruptedSessions: string[];
  killedPids: number[];
}

export async function recoverSessions(deps: RecoveryDeps): Promise<RecoveryReport> {
  const { store, records, permissions } = deps;
  const report: RecoveryReport = { interruptedSessions: [], killedPids: [] };
  for (const s of store.sessions.list({ includeArchived: true })) {
    if (s.runtimeHandle) {
      const pid = Number(s.runtimeHandle);
      if (Number.isInteger(pid) && pid > 0 && isAgentOf(pid, s.id)) {
        await deps.killProcessGroup(pid);
        report.killedPids.push(pid);
      }
      // Bookkeeping, not a change a person made: `updatedAt` (which clients show as the age) stays.
      store.sessions.update(s.id, { runtimeHandle: null });
    }
    if (!ACTIVE_STATES.includes(s.state)) continue;
    permissions.cancelAll(s.id);
    deps.elicitations.cancelAll(s.id);
    for (const t of store.turns.listBySession(s.id)) {
      if (t.state !== 'running') continue;
      store.turns.update(t.id, { state: 'done', error: 'interrupted: the daemon stopped during this turn', endedAt: nowIso() });
      deps.bus.emit('turn.ended', records.scope(s), { turnId: t.id, index: t.index, stopReason: null, error: 'interrupted: the daemon stopped during this turn' });
    }
    if (isWaitingForLogin(s)) continue; // still true: it needs a login
    if (isWaitingForBudget(s)) continue; // still true until the budget gate re-checks it at start
    records.setState(s.id, 'failed', 'interrupted', 'the daemon stopped while this session was active; resume it to continue', 'recover');
    report.interruptedSessions.push(s.id);
  }
  deps.bus.emit('daemon.recovered', { sessionId: null, projectId: null }, report);
  return report;
}

/**
 * True when `pid` is alive and was started for this session. On Linux the environment of the
 * process says so; elsewhere liveness is all we can check.
 */
function isAgentOf(pid: number, sessionId: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`SWITCHBOARD_SESSION=${sessionId}`);
  } catch {
    return false;
  }
}
