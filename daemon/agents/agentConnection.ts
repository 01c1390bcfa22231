// One running agent process and the ACP client connection to it. Every request races a timeout
// and the process's exit; the process group is ended on terminate, crash or a broken connection.
import * as acp from '@agentclientprotocol/sdk';
import type { AuthMethod } from '../protocol/entities.js';
import type { ConfigOption } from '../protocol/settingsEntities.js';
import type { TokenCounts } from '../protocol/usageEntities.js';
import { agentStream } from './acpStream.js';
import { buildAgentEnv } from './agentEnv.js';
import type { AgentEvent, AgentHost, AgentLaunch } from './agentHost.js';
import { translateAuthMethods } from './authMethods.js';
import { buildClientApp, CLIENT_CAPABILITIES } from './clientApp.js';
import { ElicitationRelay } from './elicitationRelay.js';
import { AgentRequestError, AgentStartError } from './errors.js';
import { FileAccess } from './fileAccess.js';
import { PermissionRelay } from './permissionRelay.js';
import { promptUsageOf } from './promptUsage.js';
import { mcpServersForAgent, type AgentMcpServers } from './mcpWire.js';
import { ToolCallMemory } from './toolCallMemory.js';
import type { RuntimeProcess } from './runtime.js';
import { readSessionPage, type AgentSessionListing } from './sessionListing.js';
import { SessionSettingsChannel } from './sessionSettingsChannel.js';
import { translateSessionUpdate } from './sessionUpdates.js';
import { StderrTail } from './stderrTail.js';
import { TerminalManager } from './terminals.js';

export type { AgentEvent, AgentHost, AgentLaunch, AgentModes, PermissionAnswer, PermissionAsk } from './agentHost.js';

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_GRACE_MS = 5_000;
const CLIENT_INFO = { name: 'agent-switchboard', version: '0.1.0' };

export interface AgentExit {
  exitCode: number | null;
  signal: string | null;
  stderrTail: string;
}

type Initialized = {
  protocolVersion: number | null;
  loadSession: boolean;
  authMethods: AuthMethod[];
  agentCapabilities: Record<string, unknown>;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class AgentConnection {
  readonly pid: number | null;
  readonly exited: Promise<AgentExit>;

  private readonly connection: acp.ClientConnection;
  private readonly terminals: TerminalManager;
  private readonly permissions: PermissionRelay;
  private readonly elicitations: ElicitationRelay;
  private readonly stderrTail = new StderrTail();
  /** Settles when the agent can no longer answer: process gone or connection closed. */
  private readonly gone: Promise<void>;
  private hasExited = false;
  private terminating: Promise<void> | null = null;
  private info: Initialized = { protocolVersion: null, loadSession: false, authMethods: [], agentCapabilities: {} };
  /** The launch's MCP servers this agent can take, sent in every session/new and session/load (and resume). */
  private mcp: AgentMcpServers = { wire: [], passed: [], leftOut: [] };
  /** The settings each ACP session was offered at session/new, load or resume, kept current by the agent's updates and our set requests. */
  private readonly settings = new SessionSettingsChannel((method, params) => this.request(method, params));

  get protocolVersion(): number | null {
    return this.info.protocolVersion;
  }
  /** Whether the agent advertised `loadSession` (see loadSessionById). */
  get loadSession(): boolean {
    return this.info.loadSession;
  }
  get authMethods(): AuthMethod[] {
    return this.info.authMethods;
  }
  /** Which MCP servers the agent gets, and which it cannot take (a capability it lacks). */
  get mcpServers(): Omit<AgentMcpServers, 'wire'> {
    return { passed: this.mcp.passed, leftOut: this.mcp.leftOut };
  }
  get agentCapabilities(): Record<string, unknown> {
    return this.info.agentCapabilities;
  }

  /** Spawns the agent and completes `initialize`. Throws AgentStartError. */
  static async start(launch: AgentLaunch, host: AgentHost): Promise<AgentConnection> {
    const proc = await launch.runtime.start({
      command: launch.command,
      args: launch.args,
      env: launch.env,
      cwd: launch.cwd,
      ...(launch.home !== undefined ? { home: launch.home } : {}),
      ...(launch.sandbox !== undefined ? { sandbox: launch.sandbox } : {}),
    });
    const conn = new AgentConnection(launch, host, proc);
    try {
      conn.info = await conn.initialize();
      conn.mcp = mcpServersForAgent(launch.mcpServers ?? [], conn.info.agentCapabilities);
    } catch (err) {
      await conn.terminate(0);
      throw await conn.startErrorFrom(err);
    }
    return conn;
  }

  private constructor(
    private readonly launch: AgentLaunch,
    host: AgentHost,
    private readonly proc: RuntimeProcess,
  ) {
    this.pid = proc.pid;
    const emit = (e: AgentEvent, acpSessionId: string | null) => {
      try {
        host.onEvent(e, acpSessionId);
      } catch {
        // A failing host must not take the protocol connection down with it.
      }
    };
    this.terminals = new TerminalManager({
      root: launch.cwd,
      // A container has its own base environment; a sandbox on the host gets the curated one.
      env: launch.runtime.confinement === 'container' ? { ...launch.env } : buildAgentEnv(process.env, launch.env, launch.home),
      ...(proc.terminalRunner ? { runner: proc.terminalRunner } : {}),
      ...(launch.terminalOutputLimit !== undefined ? { defaultOutputLimit: launch.terminalOutputLimit } : {}),
      emit,
    });
    const toolCalls = new ToolCallMemory();
    this.permissions = new PermissionRelay(host, toolCalls);
    this.elicitations = new ElicitationRelay(host, emit);
    const files = new FileAccess({ root: launch.cwd, readOnly: launch.readOnly, emit });

    // stderr is always drained: a full pipe would block the agent.
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (text: string) => {
      this.stderrTail.push(text);
      try {
        host.onStderr(text);
      } catch {
        // see emit
      }
    });
    proc.stderr.on('error', () => undefined);
    proc.stdout.on('error', () => undefined);

    const app = buildClientApp({ files, terminals: this.terminals, permissions: this.permissions, elicitations: this.elicitations });
    this.connection = app.connect(
      agentStream(proc, (params) => {
        const { acpSessionId, event } = translateSessionUpdate(params);
        toolCalls.note(event);
        const configChange = event.type === 'agent.update' && acpSessionId !== null ? this.settings.fold(acpSessionId, event.payload.update) : null;
        emit(configChange ?? event, acpSessionId);
      }),
    );

    const processGone = proc.exited.then(() => {
      this.hasExited = true;
    });
    this.gone = Promise.race([processGone, this.connection.closed]);
    this.exited = proc.exited.then(({ exitCode, signal }) => ({ exitCode, signal, stderrTail: this.stderrTail.toString() }));

    void this.connection.closed.then(() => {
      if (this.hasExited || this.terminating !== null) return;
      // Without its connection (stdout ended or broke) the agent is useless: end it, so that
      // `exited` settles. An agent already on its way out keeps its own exit status.
      const reason: unknown = this.connection.signal.reason;
      if (reason instanceof acp.MessageTooLargeError) {
        const message = `the agent sent a message over ${reason.maxMessageBytes} bytes; the connection was closed and the agent stopped`;
        emit({ type: 'log', payload: { level: 'error', message } }, null);
      }
      void this.terminate();
    });
    void this.gone.then(() => {
      this.permissions.cancelAll();
      this.elicitations.cancelAll();
      this.terminals.killAll();
    });
  }

  /** session/new in the launch cwd. Throws AgentRequestError (auth_required carries the auth methods). */
  async newSession(): Promise<string> {
    const method = acp.methods.agent.session.new;
    const res = await this.request(method, { cwd: this.launch.cwd, mcpServers: this.mcp.wire });
    if (!isRecord(res) || typeof res.sessionId !== 'string') {
      throw new AgentRequestError('protocol', method, 'session/new answered without a sessionId');
    }
    this.settings.offered(res.sessionId, res);
    return res.sessionId;
  }

  /**
   * session/load: the agent replays the session's history (as events, through the host) before
   * this resolves. Named apart from the `loadSession` capability flag.
   */
  async loadSessionById(sessionId: string): Promise<void> {
    const method = acp.methods.agent.session.load;
    if (!this.loadSession) throw new AgentRequestError('unsupported', method, 'The agent does not support session/load');
    this.settings.offered(sessionId, await this.request(method, { sessionId, cwd: this.launch.cwd, mcpServers: this.mcp.wire }));
  }

  /** Whether the agent declares `sessionCapabilities.<name>` (ACP: an object, even `{}`, means yes). */
  supportsSession(name: 'resume' | 'close' | 'list'): boolean {
    const caps = this.info.agentCapabilities.sessionCapabilities;
    return isRecord(caps) && isRecord(caps[name]);
  }

  /** session/resume: the agent takes its session back without replaying the history. */
  async resumeSessionById(sessionId: string): Promise<void> {
    const method = acp.methods.agent.session.resume;
    if (!this.supportsSession('resume')) throw new AgentRequestError('unsupported', method, 'The agent does not support session/resume');
    this.settings.offered(sessionId, await this.request(method, { sessionId, cwd: this.launch.cwd, mcpServers: this.mcp.wire }));
  }

  /**
   * session/close when the agent declares it, waiting at most `timeoutMs`: the agent is about to
   * be ended anyway, so a slow or failing close is reported (false), never thrown.
   */
  async closeSession(sessionId: string, timeoutMs: number): Promise<boolean> {
    const method = acp.methods.agent.session.close;
    if (!this.supportsSession('close') || this.hasExited || this.connection.signal.aborted) return false;
    try {
      await this.request(method, { sessionId }, timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** session/list (for `cwd`, or every directory when null), following the agent's cursor for at most `maxPages` pages. Throws AgentRequestError. */
  async listSessions(cwd: string | null, maxPages: number): Promise<AgentSessionListing> {
    const method = acp.methods.agent.session.list;
    if (!this.supportsSession('list')) throw new AgentRequestError('unsupported', method, 'The agent does not support session/list');
    const listing: AgentSessionListing = { sessions: [], complete: false };
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const params = { ...(cwd !== null ? { cwd } : {}), ...(cursor !== null ? { cursor } : {}) };
      const parsed = readSessionPage(await this.request(method, params));
      listing.sessions.push(...parsed.sessions);
      cursor = parsed.nextCursor;
      if (cursor === null) return { ...listing, complete: true };
    }
    return listing;
  }

  /** The settings the agent offers for this session, with their current values (empty: it offers none). */
  configOf(acpSessionId: string): ConfigOption[] {
    return this.settings.configOf(acpSessionId);
  }

  /** Sets one offered option (see SessionSettingsChannel.setConfig); answers the new set. Throws AgentRequestError. */
  setConfig(acpSessionId: string, optionId: string, value: string | boolean): Promise<ConfigOption[]> {
    return this.settings.setConfig(acpSessionId, optionId, value);
  }

  /** One turn. No timeout unless launch.promptTimeoutMs: end a stuck turn with cancel() and terminate(). */
  async prompt(sessionId: string, text: string): Promise<{ stopReason: string; usage: TokenCounts | null }> {
    const method = acp.methods.agent.session.prompt;
    const res = await this.request(method, { sessionId, prompt: [{ type: 'text', text }] }, this.launch.promptTimeoutMs ?? null);
    if (!isRecord(res) || typeof res.stopReason !== 'string') {
      throw new AgentRequestError('protocol', method, 'session/prompt answered without a stopReason');
    }
    return { stopReason: res.stopReason, usage: promptUsageOf(res) };
  }

  /** ACP `authenticate` with one of the agent's methods. Throws AgentRequestError with the agent's refusal. */
  async authenticate(methodId: string): Promise<void> {
    const method = acp.methods.agent.authenticate;
    await this.request(method, { methodId });
  }

  /** Whether the agent advertised ACP `logout` (`agentCapabilities.auth.logout`); clients must not call it otherwise. */
  get supportsLogout(): boolean {
    const auth = this.info.agentCapabilities.auth;
    return isRecord(auth) && isRecord(auth.logout);
  }

  /** ACP `logout`. Throws AgentRequestError. */
  async logout(): Promise<void> {
    const method = acp.methods.agent.logout;
    await this.request(method, {});
  }

  /**
   * Sends session/cancel, then answers the session's pending permission requests and forms `cancelled`.
   * The turn ends when prompt() resolves (normally with `cancelled`); the caller decides how
   * long to wait before terminate().
   */
  async cancel(sessionId: string): Promise<void> {
    // session/cancel first, as ACP orders it: an agent then reads the `cancel` answers below as the
    // turn's cancellation, not as a person's choice it should go on from.
    if (!this.connection.signal.aborted) await this.connection.agent.notify(acp.methods.agent.session.cancel, { sessionId }).catch(() => undefined);
    this.permissions.cancelSession(sessionId);
    this.elicitations.cancelSession(sessionId);
  }

  /** Ends the agent's process group (SIGTERM, then SIGKILL after graceMs) and its terminals. Idempotent. */
  terminate(graceMs = DEFAULT_GRACE_MS): Promise<void> {
    this.terminating ??= (async () => {
      this.permissions.cancelAll();
      this.elicitations.cancelAll();
      this.terminals.killAll();
      this.connection.close();
      await this.proc.terminate(graceMs);
    })();
    return this.terminating;
  }

  /** One request, with the usual timeout unless given (null: none); answers what the agent answered. */
  private request(method: string, params: Record<string, unknown>, timeoutMs: number | null = this.requestTimeout): Promise<unknown> {
    return this.call(method, timeoutMs, (signal) =>
      this.connection.agent.request<unknown>(method, params, { cancellationSignal: signal, stopWaitingOnCancel: true }),
    );
  }

  private get requestTimeout(): number {
    return this.launch.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private async initialize(): Promise<Initialized> {
    const method = acp.methods.agent.initialize;
    const params = { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: CLIENT_CAPABILITIES, clientInfo: CLIENT_INFO };
    const res = await this.request(method, params, this.launch.initializeTimeoutMs ?? this.requestTimeout);
    if (!isRecord(res)) throw new AgentRequestError('protocol', method, 'initialize answered with a non-object');
    const capabilities = isRecord(res.agentCapabilities) ? res.agentCapabilities : {};
    return {
      protocolVersion: typeof res.protocolVersion === 'number' ? res.protocolVersion : null,
      loadSession: capabilities.loadSession === true,
      authMethods: translateAuthMethods(res.authMethods, [this.launch.command, ...this.launch.args]),
      agentCapabilities: capabilities,
    };
  }

  /** Sends one request, racing `timeoutMs` and the agent going away; errors become AgentRequestError. */
  private async call<T>(method: string, timeoutMs: number | null, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.hasExited || this.connection.signal.aborted) {
      throw new AgentRequestError('exited', method, 'The agent is no longer running');
    }
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      if (timeoutMs === null) return;
      timer = setTimeout(() => {
        // Rejected first: aborting makes the SDK reject the request too, and the race must see ours.
        reject(new AgentRequestError('timeout', method, `${method} did not answer within ${timeoutMs} ms`));
        abort.abort(); // sends $/cancel_request so a well-behaved agent stops working on it
      }, timeoutMs);
    });
    const exited = this.gone.then(() => {
      throw new AgentRequestError('exited', method, `The agent exited before answering ${method}`);
    });
    try {
      return await Promise.race([send(abort.signal), timedOut, exited]);
    } catch (err) {
      throw this.requestErrorFrom(method, err);
    } finally {
      clearTimeout(timer);
    }
  }

  private requestErrorFrom(method: string, err: unknown): AgentRequestError {
    if (err instanceof AgentRequestError) return err;
    if (err instanceof acp.RequestError) {
      const details = { code: err.code, data: err.data, cause: err };
      const message = withDataMessage(err.message, err.data);
      if (err.code === -32000) {
        return new AgentRequestError('auth_required', method, message, { ...details, authMethods: this.authMethods });
      }
      if (err.code === -32002) return new AgentRequestError('session_not_found', method, message, details);
      return new AgentRequestError('protocol', method, message, details);
    }
    // Anything else means the connection broke under the request.
    return new AgentRequestError(this.connection.signal.aborted ? 'exited' : 'protocol', method, messageOf(err), { cause: err });
  }

  private async startErrorFrom(err: unknown): Promise<AgentStartError> {
    if (err instanceof AgentStartError) return err;
    const reason = AgentRequestError.is(err, 'exited') ? 'exited_early' : AgentRequestError.is(err, 'timeout') ? 'timeout' : 'protocol';
    const exit = await this.exited;
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.exitCode ?? 'unknown'}`;
    const message =
      reason === 'exited_early'
        ? `${this.launch.command} exited (${how}) before answering initialize`
        : `${this.launch.command} failed to initialize: ${messageOf(err)}`;
    return new AgentStartError(reason, message, { stderrTail: exit.stderrTail, exitCode: exit.exitCode, cause: err });
  }
}

/**
 * The reason an agent put in the error's `data` (codex-acp answers a model API failure with
 * "Internal error" and the API's own words in `data.message`): a person needs those words.
 */
function withDataMessage(message: string, data: unknown): string {
  const said = typeof data === 'string' ? data : (data as { message?: unknown } | null)?.message;
  if (typeof said !== 'string' || said.trim() === '' || message.includes(said)) return message;
  return `${message}: ${said}`;
}
