// Binding a started agent to the session's ACP session: `session/resume` when the agent had one and
// can resume it (nothing replayed), else `session/load` when it can load it (its replayed history
// is counted, not stored twice), else `session/new`, primed with
// a summary of the transcript when an earlier agent session is being replaced.
import type { AgentConnection, AgentEvent } from '../agents/agentConnection.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import { enterReadOnlyMode } from './readOnlyMode.js';
import { messageOf, reasonOf } from './runnerFacts.js';
import type { SessionLogs } from './sessionLog.js';
import type { SessionRecords } from './sessionRecords.js';
import type { SessionSettings } from './sessionSettings.js';
import { resumeSummary } from './transcript.js';

/** Update kinds that `session/load` replays; the log already holds them, so they are not stored twice. */
const REPLAYED = new Set<AgentEvent['type']>(['user.message_chunk', 'agent.message_chunk', 'agent.thought_chunk', 'tool_call', 'tool_call_update', 'plan']);

/** Swallows the history an agent replays during `session/load`, counting it for the log line. */
export class ReplayFilter {
  private replayed: number | null = null;

  begin(): void {
    this.replayed = 0;
  }

  /** Ends the replay; returns how many updates it swallowed. */
  end(): number {
    const n = this.replayed ?? 0;
    this.replayed = null;
    return n;
  }

  /** True when `type` is replayed history to drop rather than a new event. */
  swallows(type: AgentEvent['type']): boolean {
    if (this.replayed === null || !REPLAYED.has(type)) return false;
    this.replayed++;
    return true;
  }
}

export interface BindingDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  logs: SessionLogs;
  /** Stores what the agent offers and applies what the session asks for, after every bind. */
  settings: SessionSettings;
}

/**
 * Binds `conn` to the session's ACP session and records its id. Returns the transcript summary the
 * next prompt must start with when the agent could not restore its earlier session, else null.
 */
export async function bindAcpSession(deps: BindingDeps, sessionId: string, conn: AgentConnection, replay: ReplayFilter): Promise<string | null> {
  const { records, bus } = deps;
  const s = records.get(sessionId);
  // session/resume first: the agent takes its session back with no history replayed at all.
  if (s.acpSessionId && conn.supportsSession('resume')) {
    try {
      await conn.resumeSessionById(s.acpSessionId);
      bus.emit('log', records.scope(s), { level: 'info', message: 'the agent restored its session through session/resume (no history replayed)' });
      if (s.readOnly) bus.emit('log', records.scope(s), await enterReadOnlyMode(conn, s.acpSessionId));
      await deps.settings.afterBind(sessionId, conn, s.acpSessionId);
      return null;
    } catch (err) {
      if (reasonOf(err) === 'auth_required' || reasonOf(err) === 'settings_refused') throw err;
      const next = conn.loadSession ? 'trying session/load' : 'starting a new agent session';
      deps.logs.write(sessionId, 'daemon', `session/resume failed (${messageOf(err)}); ${next}`);
    }
  }
  if (s.acpSessionId && conn.loadSession) {
    replay.begin();
    try {
      await conn.loadSessionById(s.acpSessionId);
      bus.emit('log', records.scope(s), {
        level: 'info',
        message: `the agent restored its session through session/load (${replay.end()} history updates)`,
      });
      if (s.readOnly) bus.emit('log', records.scope(s), await enterReadOnlyMode(conn, s.acpSessionId));
      await deps.settings.afterBind(sessionId, conn, s.acpSessionId);
      return null;
    } catch (err) {
      if (reasonOf(err) === 'auth_required' || reasonOf(err) === 'settings_refused') throw err;
      deps.logs.write(sessionId, 'daemon', `session/load failed (${messageOf(err)}); starting a new agent session`);
    } finally {
      replay.end();
    }
  }
  const acpId = await conn.newSession();
  if (s.readOnly) bus.emit('log', records.scope(s), await enterReadOnlyMode(conn, acpId));
  let primer: string | null = null;
  if (s.acpSessionId) {
    primer = resumeSummary(deps.store.events.iterate({ since: 0, sessionId: s.id }));
    bus.emit('context.reset', records.scope(s), {
      reason: conn.loadSession ? 'the agent could not load its previous session' : 'the agent cannot load sessions',
      summary: primer,
    });
  }
  records.update(sessionId, { acpSessionId: acpId }, true);
  await deps.settings.afterBind(sessionId, conn, acpId);
  return primer;
}
