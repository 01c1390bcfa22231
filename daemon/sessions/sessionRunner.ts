// The live side of one session: its agent connection and its turn queue. Turns run one at a
// time; every step is written to the event log; the agent's exit, expected or not, always leaves
// the session in a truthful state.
import fs from 'node:fs';
import path from 'node:path';
import { AgentConnection, type AgentEvent, type AgentHost } from '../agents/agentConnection.js';
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import type { AgentTemplate, Session, Turn } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { Store } from '../storage/store.js';
import type { ArtifactWriter } from './artifactWriter.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { PermissionBroker, PermissionOutcome } from './permissionBroker.js';
import { enterReadOnlyMode } from './readOnlyMode.js';
import type { SessionLogs } from './sessionLog.js';
import type { SandboxPolicy } from './sandboxPolicy.js';
import type { SessionRecords } from './sessionRecords.js';
import type { TemplateService } from './templateService.js';
import { crashDetail, delay, exitHow, messageOf, reasonOf, type ExitInfo } from './runnerFacts.js';
import { resumeSummary } from './transcript.js';

export interface RunnerDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  permissions: PermissionBroker;
  logs: SessionLogs;
  artifacts: ArtifactWriter;
  templates: TemplateService;
  runtime: AgentRuntimeProvider;
  /** Where a session's agent runs when not on the host (a docker template, a computer session); else `runtime`. */
  runtimeFor?: (template: AgentTemplate, session: Session) => AgentRuntimeProvider;
  agentHomesDir: string;
  /** What confines a local agent (a bubblewrap sandbox, or nothing, said out loud). */
  sandboxes: SandboxPolicy;
  /** How long a cancelled turn may take to answer `cancelled` before its agent is stopped. */
  cancelGraceMs: number;
  /** SIGTERM → SIGKILL grace when ending an agent's process group. */
  killGraceMs: number;
  /** Runs after every turn, before the next starts (the review feature's checkpoint and checks); must not throw. */
  afterTurn?: (sessionId: string, turn: Turn) => Promise<void>;
}


/** Update kinds that `session/load` replays; the log already holds them, so they are not stored twice. */
const REPLAYED = new Set<AgentEvent['type']>(['user.message_chunk', 'agent.message_chunk', 'agent.thought_chunk', 'tool_call', 'tool_call_update', 'plan']);

export class SessionRunner {
  private conn: AgentConnection | null = null;
  private connecting: Promise<AgentConnection> | null = null;
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private activeTurn: { turn: Turn; done: Promise<void> } | null = null;
  private expectedExit = false;
  /** Set before this runner ends its own agent: the state the session takes when the turn ends. */
  private stopIntent: { reason: 'user_stop' | 'daemon_shutdown' | 'cancel_timeout'; detail: string | null } | null = null;
  private replaying = false;
  private replayedCount = 0;
  private primeWith: string | null = null;
  private scope: { sessionId: string; projectId: string } | null = null;

  constructor(
    readonly sessionId: string,
    private readonly deps: RunnerDeps,
  ) {}

  get hasAgent(): boolean {
    return this.conn !== null || this.connecting !== null;
  }

  get turnRunning(): boolean {
    return this.activeTurn !== null;
  }

  /** Runs queued turns until none are left; safe to call at any time. */
  kick(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.pumpAgain) {
        this.pumpAgain = false;
        this.kick();
      }
    });
  }

  /** Starts the agent (if needed) and binds it to this session's ACP session. */
  async resume(): Promise<void> {
    try {
      await this.ensureAgent();
    } catch (err) {
      this.onStartFailure(err, null);
      return;
    }
    if (this.deps.store.turns.nextQueued(this.sessionId)) this.kick();
    else this.settleIdle();
  }

  /** Asks the agent to cancel; stops it when it ignores the request. Resolves when the turn has ended. */
  async cancel(): Promise<void> {
    const active = this.activeTurn;
    const conn = this.conn;
    if (!active || !conn) throw new SwitchboardError('illegal_transition', 'no turn is running in this session');
    this.deps.permissions.cancelAll(this.sessionId);
    const acpId = this.deps.records.get(this.sessionId).acpSessionId;
    if (acpId) await conn.cancel(acpId).catch(() => undefined);
    const ended = await Promise.race([active.done.then(() => true), delay(this.deps.cancelGraceMs).then(() => false)]);
    if (ended) return;
    this.note(`the agent did not answer cancel within ${this.deps.cancelGraceMs} ms; stopping it`);
    this.expectedExit = true;
    this.stopIntent = { reason: 'cancel_timeout', detail: 'the agent ignored cancel and was stopped; resume to continue' };
    await conn.terminate(this.deps.killGraceMs);
    await active.done;
    this.applyStopIntent(active.turn);
  }

  /** Ends the agent and the running turn; the session keeps all its data and can be resumed. */
  async stop(reason: 'user_stop' | 'daemon_shutdown'): Promise<void> {
    this.expectedExit = true;
    this.stopIntent = { reason, detail: reason === 'user_stop' ? null : 'the daemon shut down; resume to continue' };
    this.deps.permissions.cancelAll(this.sessionId);
    const active = this.activeTurn;
    const conn = this.conn ?? (await this.connecting?.catch(() => null)) ?? null;
    if (conn) await conn.terminate(this.deps.killGraceMs);
    if (active) await active.done;
    this.applyStopIntent(active?.turn ?? null);
  }

  /** Ends the turn and stops the session as intended; the turn's own catch may have done it first. */
  private applyStopIntent(turn: Turn | null): void {
    const intent = this.stopIntent;
    if (!intent) return;
    if (turn) this.endTurn(turn, 'cancelled', intent.reason === 'cancel_timeout' ? 'the agent ignored cancel and was stopped' : 'the session was stopped');
    this.setStateIfLegal('stopped', intent.reason, intent.detail);
  }

  /** Ends an idle agent without touching the session's state (archive, shutdown of idle sessions). */
  async release(): Promise<void> {
    this.expectedExit = true;
    const conn = this.conn ?? (await this.connecting?.catch(() => null)) ?? null;
    if (conn) await conn.terminate(this.deps.killGraceMs);
    await this.deps.logs.close(this.sessionId);
  }

  private async pump(): Promise<void> {
    for (;;) {
      const turn = this.deps.store.turns.nextQueued(this.sessionId);
      if (!turn) break;
      let conn: AgentConnection;
      try {
        conn = await this.ensureAgent();
      } catch (err) {
        this.onStartFailure(err, turn);
        return;
      }
      await this.runTurn(conn, turn);
      const state = this.deps.records.find(this.sessionId)?.state;
      if (state !== 'running' && state !== 'completed') return;
    }
    this.settleIdle();
  }

  private settleIdle(): void {
    const s = this.deps.records.find(this.sessionId);
    if (s && (s.state === 'running' || s.state === 'created') && !this.deps.store.turns.nextQueued(this.sessionId)) {
      this.deps.records.setState(this.sessionId, 'completed', null, null);
    }
  }

  private ensureAgent(): Promise<AgentConnection> {
    if (this.conn) return Promise.resolve(this.conn);
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async connect(): Promise<AgentConnection> {
    const { records, templates, bus } = this.deps;
    const s = records.get(this.sessionId);
    const template = templates.get(s.agent);
    templates.assertInstalled(template);
    const home = path.join(this.deps.agentHomesDir, template.name);
    await fs.promises.mkdir(home, { recursive: true, mode: 0o700 });
    this.expectedExit = false;
    this.stopIntent = null;
    const runtime = this.deps.runtimeFor?.(template, s) ?? this.deps.runtime;
    const { sandbox, isolation } = await this.deps.sandboxes.decide({
      template,
      session: s,
      repoPath: this.deps.store.projects.get(s.projectId)?.repoPath ?? s.cwd,
      agentHome: home,
      runtime,
      searchPath: process.env.PATH,
    });
    // Announced when it changes, so every surface shows what confines the agent now.
    if (JSON.stringify(s.isolation ?? null) !== JSON.stringify(isolation)) records.update(this.sessionId, { isolation }, true);
    if (isolation.kind === 'none') bus.emit('log', records.scope(s), { level: 'warn', message: isolation.detail });
    const conn = await AgentConnection.start(
      {
        runtime,
        command: template.spawn.command,
        args: isolation.kind === 'none' ? template.spawn.args : [...template.spawn.args, ...(template.spawn.sandboxedArgs ?? [])],
        env: { ...templates.launchEnv(template), SWITCHBOARD_SESSION: s.id },
        home,
        cwd: s.cwd,
        readOnly: s.readOnly,
        ...(sandbox ? { sandbox } : {}),
      },
      this.host(),
    );
    this.conn = conn;
    void conn.exited.then((info) => this.onExit(conn, info));
    records.update(this.sessionId, {
      runtimeHandle: conn.pid === null ? null : String(conn.pid),
      agentCapabilities: conn.agentCapabilities,
      authMethods: conn.authMethods,
      exitCode: null,
    });
    bus.emit('agent.started', records.scope(s), {
      pid: conn.pid,
      command: [template.spawn.command, ...template.spawn.args].join(' '),
      protocolVersion: conn.protocolVersion,
      loadSession: conn.loadSession,
      authMethods: conn.authMethods,
      isolation,
    });
    this.note(`agent started (pid ${conn.pid ?? 'n/a'}; ${isolation.detail})`);
    try {
      await this.bindAcpSession(conn);
    } catch (err) {
      this.expectedExit = true;
      await conn.terminate(this.deps.killGraceMs);
      throw err;
    }
    return conn;
  }

  private async bindAcpSession(conn: AgentConnection): Promise<void> {
    const { records, bus } = this.deps;
    const s = records.get(this.sessionId);
    if (s.acpSessionId && conn.loadSession) {
      this.replaying = true;
      this.replayedCount = 0;
      try {
        await conn.loadSessionById(s.acpSessionId);
        bus.emit('log', records.scope(s), {
          level: 'info',
          message: `the agent restored its session through session/load (${this.replayedCount} history updates)`,
        });
        if (s.readOnly) bus.emit('log', records.scope(s), await enterReadOnlyMode(conn, s.acpSessionId));
        return;
      } catch (err) {
        if (reasonOf(err) === 'auth_required') throw err;
        this.note(`session/load failed (${messageOf(err)}); starting a new agent session`);
      } finally {
        this.replaying = false;
      }
    }
    const acpId = await conn.newSession();
    if (s.readOnly) bus.emit('log', records.scope(s), await enterReadOnlyMode(conn, acpId));
    if (s.acpSessionId) {
      const summary = resumeSummary(this.deps.store.events.iterate({ since: 0, sessionId: s.id }));
      this.primeWith = summary;
      bus.emit('context.reset', records.scope(s), {
        reason: conn.loadSession ? 'the agent could not load its previous session' : 'the agent cannot load sessions',
        summary,
      });
    }
    records.update(this.sessionId, { acpSessionId: acpId }, true);
  }

  private async runTurn(conn: AgentConnection, turn: Turn): Promise<void> {
    const { records, store, bus } = this.deps;
    const s = records.setState(this.sessionId, 'running', null, null, 'start a turn');
    store.turns.update(turn.id, { state: 'running', startedAt: nowIso() });
    bus.emit('turn.started', records.scope(s), { turnId: turn.id, index: turn.index, prompt: turn.prompt });
    let text = turn.prompt;
    if (s.scopePath) text = `${text}\n\n(Scope: work only on ${s.scopePath})`;
    if (this.primeWith) {
      text = `${this.primeWith}\n---\n\n${text}`;
      this.primeWith = null;
    }
    let finish!: () => void;
    this.activeTurn = { turn, done: new Promise<void>((r) => (finish = r)) };
    let ended = false;
    try {
      const result = await conn.prompt(s.acpSessionId ?? '', text);
      ended = this.endTurn(turn, result.stopReason, null);
    } catch (err) {
      if (reasonOf(err) === 'auth_required') {
        store.turns.update(turn.id, { state: 'queued', startedAt: null });
        this.onStartFailure(err, null);
      } else if (this.expectedExit) {
        // Ended by stop or cancel: the session takes the intended state now, before the pump
        // looks at it again, so no one sees it pass through completed.
        this.applyStopIntent(turn);
      } else if (reasonOf(err) === 'exited') {
        this.failFromExit(await conn.exited, turn);
      } else {
        this.endTurn(turn, null, messageOf(err));
        bus.emit('error', records.scope(s), { code: 'prompt_failed', message: messageOf(err) });
        this.setStateIfLegal('failed', 'prompt_failed', messageOf(err));
      }
    } finally {
      this.activeTurn = null;
      finish();
    }
    if (ended) await this.writeArtifacts(turn);
    await this.deps.afterTurn?.(this.sessionId, turn);
  }

  /** Marks a turn done once; returns false if it already was. */
  private endTurn(turn: Turn, stopReason: string | null, error: string | null): boolean {
    const { store, bus, records } = this.deps;
    if (store.turns.get(turn.id)?.state === 'done') return false;
    store.turns.update(turn.id, { state: 'done', stopReason, error, endedAt: nowIso() });
    const s = records.get(this.sessionId);
    bus.emit('turn.ended', records.scope(s), { turnId: turn.id, index: turn.index, stopReason, error });
    return true;
  }

  private async writeArtifacts(turn: Turn): Promise<void> {
    const s = this.deps.records.find(this.sessionId);
    if (!s) return;
    await this.deps.artifacts.writeTurnArtifacts(s, turn.index).catch((err: unknown) => {
      this.deps.bus.emit('error', this.deps.records.scope(s), { code: 'artifacts_failed', message: messageOf(err) });
    });
  }

  private onStartFailure(err: unknown, turn: Turn | null): void {
    const { records, bus } = this.deps;
    const s = records.get(this.sessionId);
    if (reasonOf(err) === 'auth_required') {
      const methods = (err as { authMethods?: unknown }).authMethods;
      if (Array.isArray(methods)) records.update(this.sessionId, { authMethods: methods as never });
      const names = (records.get(this.sessionId).authMethods ?? []).map((m) => m.name).join(', ');
      const detail = `the ${s.agent} agent needs you to log in${names ? ` (${names})` : ''}; then resume the session`;
      this.note(detail);
      this.setStateIfLegal('waiting_for_user', 'auth_required', detail);
      void this.release();
      return;
    }
    const message = messageOf(err);
    this.note(`the agent could not start: ${message}`);
    bus.emit('error', records.scope(s), { code: 'agent_start_failed', message });
    if (turn) this.endTurn(turn, null, message);
    this.setStateIfLegal('failed', 'agent_start_failed', message);
  }

  private onExit(conn: AgentConnection, raw: ExitInfo): void {
    if (this.conn !== conn) return;
    const info = { ...raw, stderrTail: this.deps.logs.redact(raw.stderrTail) };
    this.conn = null;
    const { records, bus } = this.deps;
    const s = records.find(this.sessionId);
    if (!s) return;
    records.update(this.sessionId, { runtimeHandle: null, exitCode: info.exitCode });
    bus.emit('agent.exited', records.scope(s), {
      exitCode: info.exitCode,
      signal: info.signal,
      stderrTail: info.stderrTail,
      expected: this.expectedExit,
    });
    const how = exitHow(info);
    this.note(this.expectedExit ? `agent ended (${how})` : `agent exited unexpectedly (${how}); stderr tail:\n${info.stderrTail}`);
  }

  private failFromExit(raw: ExitInfo, turn: Turn): void {
    const info = { ...raw, stderrTail: this.deps.logs.redact(raw.stderrTail) };
    const detail = crashDetail(info);
    this.endTurn(turn, null, detail);
    this.deps.permissions.cancelAll(this.sessionId);
    this.setStateIfLegal('failed', 'agent_crashed', detail);
  }

  private host(): AgentHost {
    const { records, bus, permissions, logs } = this.deps;
    return {
      onEvent: (e: AgentEvent) => {
        if (this.replaying && REPLAYED.has(e.type)) {
          this.replayedCount++;
          return;
        }
        // The scope never changes: looked up once, not once per streamed chunk.
        this.scope ??= records.find(this.sessionId) ? records.scope(records.get(this.sessionId)) : null;
        if (this.scope) bus.emitQueued(e.type, this.scope, e.payload as never);
      },
      requestPermission: async (req): Promise<PermissionOutcome> => {
        const s = records.get(this.sessionId);
        const title = typeof req.toolCall.title === 'string' ? req.toolCall.title : 'a tool call';
        const outcome = await permissions.request(s, this.activeTurn?.turn.id ?? null, req.toolCall, req.options, () =>
          this.setStateIfLegal('waiting_for_user', 'permission', `the agent asks permission for: ${title}`),
          req.signal,
        );
        const now = records.find(this.sessionId);
        if (now?.state === 'waiting_for_user' && now.stateReason === 'permission' && !permissions.hasPending(this.sessionId)) {
          records.setState(this.sessionId, 'running', null, null);
        }
        return outcome;
      },
      onStderr: (text: string) => logs.write(this.sessionId, 'stderr', text),
    };
  }

  private setStateIfLegal(to: Parameters<SessionRecords['setState']>[1], reason: Parameters<SessionRecords['setState']>[2], detail: string | null): void {
    try {
      this.deps.records.setState(this.sessionId, to, reason, detail);
    } catch (err) {
      // The session moved on meanwhile (deleted, archived): that later state stands.
      if (!SwitchboardError.is(err)) throw err;
    }
  }

  private note(text: string): void {
    this.deps.logs.write(this.sessionId, 'daemon', text);
  }
}
