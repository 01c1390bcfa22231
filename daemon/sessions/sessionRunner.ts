// The live side of one session: its agent connection and its turn queue. Turns run one at a
// time; every step is written to the event log; the agent's exit, expected or not, always leaves
// the session in a truthful state. Where the agent is in its life (starting, bound, in a turn,
// being stopped, gone) is one value moved only through the table in runnerLifecycle.ts.
import type { AgentConnection, AgentHost } from '../agents/agentConnection.js';
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import type { AgentTemplate, Session, Turn } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { canTransition, isWaitingForBudget, RUNNING_STATES } from '../protocol/sessionStates.js';
import type { TokenCounts } from '../protocol/usageEntities.js';
import type { Store } from '../storage/store.js';
import { bindAcpSession, ReplayFilter } from './acpBinding.js';
import { launchAgent } from './agentLaunch.js';
import type { ArtifactWriter } from './artifactWriter.js';
import type { ElicitationBroker } from './elicitationBroker.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { PermissionBroker } from './permissionBroker.js';
import { crashDetail, delay, exitHow, messageOf, reasonOf, type ExitInfo } from './runnerFacts.js';
import {
  connectionOf,
  exitIntended,
  pendingConnectOf,
  stopIntentOf,
  transition,
  turnOf,
  type RunnerEvent,
  type RunnerState,
  type StopIntent,
} from './runnerLifecycle.js';
import type { SandboxPolicy } from './sandboxPolicy.js';
import type { SessionPreparationApi } from './sessionPreparation.js';
import type { Admission } from './admission.js';
import { CrashLoopGuard, StallWatch } from './agentWatchdog.js';
import { admitStart } from './startAdmission.js';
import type { SessionLogs } from './sessionLog.js';
import type { SessionRecords } from './sessionRecords.js';
import type { LiveAgent, SessionSettings } from './sessionSettings.js';
import { buildRunnerHost } from './runnerHost.js';
import { SerialJob } from './serialJob.js';
import type { TemplateService } from './templateService.js';
import type { UsageRecorder } from './usageRecorder.js';

export interface RunnerDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  permissions: PermissionBroker;
  /** Forms the agent asks a person to fill in. */
  elicitations: ElicitationBroker;
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
  /** The session's model, mode and options: stored when offered, applied after each bind and before a prompt. */
  settings: SessionSettings;
  /** Records the agent's usage and cost on the session and each turn. */
  usage: UsageRecorder;
  /** The project's daily budget: null when a turn may start, else why it waits (budgetGate.ts). */
  budgetRefusal: (session: Session) => string | null;
  /** Ports, setup and teardown around the agent's life (sessionPreparation.ts). */
  preparation: SessionPreparationApi;
  /** Slots for running agents: a start waits in `queued` while none is free (admission.ts). */
  admission: Admission;
  /** Makes the worktree of a session created while queued (sessions queued make none until admitted). */
  ensureWorktree: (sessionId: string) => Promise<void>;
  /** A turn with no word from its agent this long is flagged `stalled`. */
  stallMs: number;
}

/** How long a stopping session waits for the agent to answer session/close before ending it anyway. */
const SESSION_CLOSE_TIMEOUT_MS = 2000;

/** The turn in flight and a promise that settles once its prompt has been answered or failed. */
type ActiveTurn = { turn: Turn; done: Promise<void> };

export class SessionRunner {
  private state: RunnerState<AgentConnection, ActiveTurn> = { phase: 'idle' };
  private readonly pump = new SerialJob(() => this.runQueuedTurns());
  private readonly replay = new ReplayFilter();
  /** The transcript summary the next prompt starts with, after the agent lost its earlier session. */
  private primer: string | null = null;
  private readonly crashes = new CrashLoopGuard();
  private readonly stall: StallWatch;

  constructor(
    readonly sessionId: string,
    private readonly deps: RunnerDeps,
  ) {
    this.stall = new StallWatch(
      deps.stallMs,
      () => this.onStall(),
      () => this.setStateIfLegal('running', null, null),
    );
  }

  /** A person resumed the session: a crash loop is tried again. */
  forgiveCrashes(): void {
    this.crashes.reset();
  }

  get hasAgent(): boolean {
    return connectionOf(this.state) !== null || pendingConnectOf(this.state) !== null;
  }

  get turnRunning(): boolean {
    return turnOf(this.state) !== null;
  }

  /** Where a settings change can go: the idle bound agent, a busy (or starting) one, or none. */
  liveAgent(): LiveAgent {
    const acpSessionId = this.deps.records.find(this.sessionId)?.acpSessionId ?? null;
    if (this.state.phase === 'ready' && acpSessionId) return { state: 'idle', agent: this.state.conn, acpSessionId };
    return this.hasAgent ? { state: 'busy' } : { state: 'none' };
  }

  /** Runs queued turns until none are left; safe to call at any time. */
  kick(): void {
    this.pump.kick();
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
    const active = turnOf(this.state);
    const conn = connectionOf(this.state);
    if (!active || !conn) throw new SwitchboardError('illegal_transition', 'no turn is running in this session');
    this.deps.permissions.cancelAll(this.sessionId);
    const acpId = this.deps.records.get(this.sessionId).acpSessionId;
    if (acpId) await conn.cancel(acpId).catch(() => undefined);
    // After session/cancel (conn.cancel answered the live forms): the agent reads `cancel` as the turn's end.
    this.deps.elicitations.cancelAll(this.sessionId);
    const ended = await Promise.race([active.done.then(() => true), delay(this.deps.cancelGraceMs).then(() => false)]);
    if (ended) return;
    this.note(`the agent did not answer cancel within ${this.deps.cancelGraceMs} ms; stopping it`);
    this.move({ type: 'stop', intent: { reason: 'cancel_timeout', detail: 'the agent ignored cancel and was stopped; resume to continue' } });
    await conn.terminate(this.deps.killGraceMs);
    await active.done;
    this.applyStopIntent(active.turn);
  }

  /** Ends the agent and the running turn; the session keeps all its data and can be resumed. */
  async stop(reason: 'user_stop' | 'daemon_shutdown'): Promise<void> {
    const intent: StopIntent = { reason, detail: reason === 'user_stop' ? null : 'the daemon shut down; resume to continue' };
    this.move({ type: 'stop', intent });
    this.deps.permissions.cancelAll(this.sessionId);
    this.deps.elicitations.cancelAll(this.sessionId);
    const active = turnOf(this.state);
    await this.endAgent();
    if (active) await active.done;
    this.applyStopIntent(active?.turn ?? null);
  }

  /** Ends an idle agent without touching the session's state (archive, shutdown of idle sessions). */
  async release(): Promise<void> {
    this.move({ type: 'release' });
    await this.endAgent();
    await this.deps.logs.close(this.sessionId);
  }

  /** Terminates the agent, waiting for one still being started so it is not left behind. */
  private async endAgent(): Promise<void> {
    // Still setting up (no agent yet): end what setup runs now, so the stop does not wait for it.
    if (pendingConnectOf(this.state) && !connectionOf(this.state)) await this.deps.preparation.afterStop(this.sessionId);
    const conn = connectionOf(this.state) ?? (await pendingConnectOf(this.state)?.catch(() => null)) ?? null;
    if (!conn) return;
    // session/close first (when the agent declares it), so it can tidy up; bounded, so it never holds a stop up.
    const acpId = this.deps.records.find(this.sessionId)?.acpSessionId;
    if (acpId && (await conn.closeSession(acpId, SESSION_CLOSE_TIMEOUT_MS))) this.note('closed the agent session (session/close)');
    await conn.terminate(this.deps.killGraceMs);
  }

  /** Ends the turn and stops the session as intended; the turn's own catch may have done it first. */
  private applyStopIntent(turn: Turn | null): void {
    const intent = stopIntentOf(this.state);
    if (!intent) return;
    if (turn) this.endTurn(turn, 'cancelled', intent.reason === 'cancel_timeout' ? 'the agent ignored cancel and was stopped' : 'the session was stopped');
    this.setStateIfLegal('stopped', intent.reason, intent.detail);
  }

  private move(event: RunnerEvent<AgentConnection, ActiveTurn>): void {
    this.state = transition(this.state, event);
  }

  private async runQueuedTurns(): Promise<void> {
    for (;;) {
      const turn = this.deps.store.turns.nextQueued(this.sessionId);
      if (!turn) break;
      if (this.waitsForBudget()) return;
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
    if (s && RUNNING_STATES.includes(s.state) && !this.deps.store.turns.nextQueued(this.sessionId)) {
      this.deps.records.setState(this.sessionId, 'completed', null, null);
      // Its idle agent may now give its slot to a queued session.
      this.deps.admission.agentIdle();
    }
  }

  /**
   * Over the project's daily budget, the queued turn stays queued and the session waits for a
   * person (or midnight UTC); budgetGate.ts kicks it again once it is within budget.
   */
  private waitsForBudget(): boolean {
    const s = this.deps.records.get(this.sessionId);
    const refusal = this.deps.budgetRefusal(s);
    if (refusal === null) {
      if (isWaitingForBudget(s)) this.setStateIfLegal('running', null, null);
      return false;
    }
    // An ended session's follow-up runs again first: ended states cannot wait directly.
    if (!canTransition(s.state, 'waiting_for_user')) this.setStateIfLegal('running', null, null);
    this.note(refusal);
    this.setStateIfLegal('waiting_for_user', 'budget_exceeded', refusal);
    return true;
  }

  /** The bound agent: the current one, the one being started, or a new one. */
  private ensureAgent(): Promise<AgentConnection> {
    const s = this.state;
    if (s.phase === 'ready' || s.phase === 'inTurn') return Promise.resolve(s.conn);
    const pending = pendingConnectOf(s);
    if (pending) return pending;
    // Being stopped but not gone yet: its prompt fails and the stop decides what the turn becomes.
    const ending = connectionOf(s);
    if (ending) return Promise.resolve(ending);
    // Recorded as `connect` before any of the work starts, so a stop arriving meanwhile sees it.
    const connecting = Promise.resolve().then(() => this.connect());
    this.move({ type: 'connect', pending: connecting });
    return connecting;
  }

  private async connect(): Promise<AgentConnection> {
    let conn: AgentConnection | null = null;
    const loop = this.crashes.refusal();
    if (loop !== null) {
      this.move({ type: 'connectFailed' });
      throw Object.assign(new Error(loop), { reason: 'crash_loop' });
    }
    try {
      await admitStart(this.deps, this.sessionId);
      await this.deps.ensureWorktree(this.sessionId);
      const extraEnv = await this.deps.preparation.beforeStart(this.sessionId);
      conn = await launchAgent(this.deps, this.sessionId, this.host(), extraEnv, (started) => {
        this.move({ type: 'spawned', conn: started });
        void started.exited.then((info) => {
          // The slot is held exactly while an agent process lives.
          this.deps.admission.release(this.sessionId);
          this.onExit(started, info);
        });
      });
      this.primer = (await bindAcpSession(this.deps, this.sessionId, conn, this.replay)) ?? this.primer;
      this.move({ type: 'bound' });
      return conn;
    } catch (err) {
      this.move({ type: 'connectFailed' });
      if (conn) await conn.terminate(this.deps.killGraceMs);
      // No agent lives (a spawned one was just ended): the slot goes to the next in the queue.
      if (!conn) this.deps.admission.release(this.sessionId);
      throw err;
    }
  }

  private async runTurn(conn: AgentConnection, turn: Turn): Promise<void> {
    const { records, store, bus } = this.deps;
    const s = records.setState(this.sessionId, 'running', null, null, 'start a turn');
    store.turns.update(turn.id, { state: 'running', startedAt: nowIso() });
    this.deps.usage.beginTurn(this.sessionId);
    bus.emit('turn.started', records.scope(s), { turnId: turn.id, index: turn.index, prompt: turn.prompt });
    let text = turn.prompt;
    if (s.scopePath) text = `${text}\n\n(Scope: work only on ${s.scopePath})`;
    if (this.primer) {
      text = `${this.primer}\n---\n\n${text}`;
      this.primer = null;
    }
    let finish!: () => void;
    await this.deps.settings.beforePrompt(this.sessionId, conn, s.acpSessionId ?? '');
    this.move({ type: 'turnStarted', turn: { turn, done: new Promise<void>((r) => (finish = r)) } });
    let ended = false;
    this.stall.start();
    try {
      const result = await conn.prompt(s.acpSessionId ?? '', text);
      // The answer is word from the agent: a turn flagged stalled runs again before it settles.
      if (this.stall.stop()) this.setStateIfLegal('running', null, null);
      ended = this.endTurn(turn, result.stopReason, null, result.usage);
    } catch (err) {
      if (this.stall.stop()) this.setStateIfLegal('running', null, null);
      await this.onPromptFailure(err, conn, turn);
    } finally {
      this.move({ type: 'turnEnded' });
      finish();
    }
    if (ended) await this.writeArtifacts(turn);
    await this.deps.afterTurn?.(this.sessionId, turn);
  }

  private async onPromptFailure(err: unknown, conn: AgentConnection, turn: Turn): Promise<void> {
    if (reasonOf(err) === 'auth_required') {
      this.deps.store.turns.update(turn.id, { state: 'queued', startedAt: null });
      this.onStartFailure(err, null);
    } else if (exitIntended(this.state)) {
      // Ended by stop or cancel: the session takes the intended state now, before the pump
      // looks at it again, so no one sees it pass through completed.
      this.applyStopIntent(turn);
    } else if (reasonOf(err) === 'exited') {
      this.failFromExit(await conn.exited, turn);
    } else {
      this.endTurn(turn, null, messageOf(err));
      this.deps.bus.emit('error', this.deps.records.scope(this.deps.records.get(this.sessionId)), { code: 'prompt_failed', message: messageOf(err) });
      this.setStateIfLegal('failed', 'prompt_failed', messageOf(err));
    }
  }

  /** Marks a turn done once; returns false if it already was. */
  private endTurn(turn: Turn, stopReason: string | null, error: string | null, tokens: TokenCounts | null = null): boolean {
    const { store, bus, records } = this.deps;
    if (store.turns.get(turn.id)?.state === 'done') return false;
    const usage = this.deps.usage.endTurn(this.sessionId, tokens);
    store.turns.update(turn.id, { state: 'done', stopReason, error, endedAt: nowIso(), usage });
    const s = records.get(this.sessionId);
    bus.emit('turn.ended', records.scope(s), { turnId: turn.id, index: turn.index, stopReason, error, usage });
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
    if (reasonOf(err) === 'withdrawn') {
      // Cancelled, stopped or deleted while queued, or the daemon is shutting down: whoever
      // withdrew it decides the state; the turn stays queued for a resume.
      return;
    }
    if (reasonOf(err) === 'crash_loop') {
      this.waitAfterCrashLoop(messageOf(err));
      return;
    }
    if (reasonOf(err) === 'setup_failed') {
      // sessionPreparation.ts recorded the failure (command, exit code, tail); the turn stays
      // queued, so resuming runs setup again and then the turn.
      return;
    }
    if (reasonOf(err) === 'settings_refused') {
      // The turn stays queued: once the settings are changed, resuming runs it.
      this.setStateIfLegal('failed', 'settings_refused', messageOf(err));
      void this.release();
      return;
    }
    const message = messageOf(err);
    this.crashes.noteCrash();
    this.note(`the agent could not start: ${message}`);
    bus.emit('error', records.scope(s), { code: 'agent_start_failed', message });
    if (turn) this.endTurn(turn, null, message);
    this.setStateIfLegal('failed', 'agent_start_failed', message);
  }

  private onExit(conn: AgentConnection, raw: ExitInfo): void {
    if (connectionOf(this.state) !== conn) return;
    this.move({ type: 'exited' });
    const expected = exitIntended(this.state);
    const info = { ...raw, stderrTail: this.deps.logs.redact(raw.stderrTail) };
    const { records, bus } = this.deps;
    const s = records.find(this.sessionId);
    if (!s) return;
    records.update(this.sessionId, { runtimeHandle: null, exitCode: info.exitCode });
    bus.emit('agent.exited', records.scope(s), { exitCode: info.exitCode, signal: info.signal, stderrTail: info.stderrTail, expected });
    if (!expected) this.crashes.noteCrash();
    const how = exitHow(info);
    this.note(expected ? `agent ended (${how})` : `agent exited unexpectedly (${how}); stderr tail:\n${info.stderrTail}`);
  }

  private failFromExit(raw: ExitInfo, turn: Turn): void {
    const info = { ...raw, stderrTail: this.deps.logs.redact(raw.stderrTail) };
    const detail = crashDetail(info);
    this.endTurn(turn, null, detail);
    this.deps.permissions.cancelAll(this.sessionId);
    this.deps.elicitations.cancelAll(this.sessionId);
    this.setStateIfLegal('failed', 'agent_crashed', detail);
  }

  /** Too many crashes: the session waits for a person (resume tries again); queued turns stay queued. */
  private waitAfterCrashLoop(detail: string): void {
    const s = this.deps.records.get(this.sessionId);
    this.note(detail);
    this.deps.bus.emit('error', this.deps.records.scope(s), { code: 'crash_loop', message: detail });
    // An ended session cannot wait directly: it runs again first, as a follow-up would make it.
    if (!canTransition(s.state, 'waiting_for_user')) this.setStateIfLegal('running', null, null);
    this.setStateIfLegal('waiting_for_user', 'crash_loop', detail);
  }

  private onStall(): void {
    const seconds = Math.round(this.deps.stallMs / 1000);
    const detail = `no word from the agent for ${seconds} s; cancel the turn, or keep waiting`;
    this.note(`turn stalled: ${detail}`);
    this.setStateIfLegal('waiting_for_user', 'stalled', detail);
  }

  private host(): AgentHost {
    const host = buildRunnerHost({
      sessionId: this.sessionId,
      deps: this.deps,
      replay: this.replay,
      currentTurnId: () => turnOf(this.state)?.turn.id ?? null,
      stopping: () => exitIntended(this.state),
      setStateIfLegal: (to, reason, detail) => this.setStateIfLegal(to, reason, detail),
    });
    // Every message from the agent is a sign of life for the stall watch; while it waits on a
    // person (a permission, a form) its silence is not a stall.
    const { requestElicitation } = host;
    return {
      ...host,
      onEvent: (e, acpSessionId) => {
        this.stall.touch();
        host.onEvent(e, acpSessionId);
      },
      requestPermission: (req) => {
        this.stall.touch();
        return this.stall.hold(host.requestPermission(req));
      },
      ...(requestElicitation
        ? {
            requestElicitation: (req: Parameters<typeof requestElicitation>[0]) => {
              this.stall.touch();
              return this.stall.hold(requestElicitation(req));
            },
          }
        : {}),
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
