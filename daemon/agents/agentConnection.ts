// One running agent process and the ACP client connection to it. Every request races a timeout
// and the process's exit; the process group is ended on terminate, crash or a broken connection.
import * as acp from '@agentclientprotocol/sdk';
import type { AuthMethod } from '../protocol/entities.js';
import { agentStream } from './acpStream.js';
import { buildAgentEnv } from './agentEnv.js';
import type { AgentEvent, AgentHost, AgentLaunch, AgentModes } from './agentHost.js';
import { translateAuthMethods } from './authMethods.js';
import { buildClientApp, CLIENT_CAPABILITIES } from './clientApp.js';
import { AgentRequestError, AgentStartError } from './errors.js';
import { FileAccess } from './fileAccess.js';
import { PermissionRelay } from './permissionRelay.js';
import { ToolCallMemory } from './toolCallMemory.js';
import type { RuntimeProcess } from './runtime.js';
import { offeredModes, type OfferedModes } from './sessionModes.js';
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
  private readonly stderrTail = new StderrTail();
  /** Settles when the agent can no longer answer: process gone or connection closed. */
  private readonly gone: Promise<void>;
  private hasExited = false;
  private terminating: Promise<void> | null = null;
  private info: Initialized = { protocolVersion: null, loadSession: false, authMethods: [], agentCapabilities: {} };
  /** The modes each ACP session was offered at session/new or session/load, kept current by set_mode and current_mode_update. */
  private readonly modes = new Map<string, OfferedModes>();

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

    const app = buildClientApp({ files, terminals: this.terminals, permissions: this.permissions });
    this.connection = app.connect(
      agentStream(proc, (params) => {
        const { acpSessionId, event } = translateSessionUpdate(params);
        toolCalls.note(event);
        if (acpSessionId !== null && event.type === 'agent.update' && event.payload.kind === 'current_mode_update') {
          const offered = this.modes.get(acpSessionId);
          const modeId = (event.payload.update as { currentModeId?: unknown }).currentModeId;
          if (offered && typeof modeId === 'string') offered.modes.currentModeId = modeId;
        }
        emit(event, acpSessionId);
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
      this.terminals.killAll();
    });
  }

  /** session/new in the launch cwd. Throws AgentRequestError (auth_required carries the auth methods). */
  async newSession(): Promise<string> {
    const method = acp.methods.agent.session.new;
    const res = await this.call(method, this.requestTimeout, (signal) =>
      this.connection.agent.request(method, { cwd: this.launch.cwd, mcpServers: [] }, { cancellationSignal: signal, stopWaitingOnCancel: true }),
    );
    if (!isRecord(res) || typeof res.sessionId !== 'string') {
      throw new AgentRequestError('protocol', method, 'session/new answered without a sessionId');
    }
    this.rememberModes(res.sessionId, res);
    return res.sessionId;
  }

  /**
   * session/load: the agent replays the session's history (as events, through the host) before
   * this resolves. Named apart from the `loadSession` capability flag.
   */
  async loadSessionById(sessionId: string): Promise<void> {
    const method = acp.methods.agent.session.load;
    if (!this.loadSession) throw new AgentRequestError('unsupported', method, 'The agent does not support session/load');
    const res: unknown = await this.call(method, this.requestTimeout, (signal) =>
      this.connection.agent.request(
        method,
        { sessionId, cwd: this.launch.cwd, mcpServers: [] },
        { cancellationSignal: signal, stopWaitingOnCancel: true },
      ),
    );
    this.rememberModes(sessionId, res);
  }

  /** The modes the agent offered for this session (null: it offers none), and the one it is in. */
  modesOf(acpSessionId: string): AgentModes | null {
    const offered = this.modes.get(acpSessionId);
    return offered ? { currentModeId: offered.modes.currentModeId, available: offered.modes.available.map((m) => ({ ...m })) } : null;
  }

  /**
   * Switches the session to one of its offered modes: session/set_mode, or session/set_config_option
   * for an agent that offers modes only as its `mode` config option. Throws AgentRequestError.
   */
  async setMode(acpSessionId: string, modeId: string): Promise<void> {
    const offered = this.modes.get(acpSessionId);
    const configId = offered?.configId ?? null;
    if (configId !== null) {
      const method = acp.methods.agent.session.setConfigOption;
      await this.call(method, this.requestTimeout, (signal) =>
        this.connection.agent.request(
          method,
          { sessionId: acpSessionId, configId, value: modeId },
          { cancellationSignal: signal, stopWaitingOnCancel: true },
        ),
      );
    } else {
      const method = acp.methods.agent.session.setMode;
      await this.call(method, this.requestTimeout, (signal) =>
        this.connection.agent.request(method, { sessionId: acpSessionId, modeId }, { cancellationSignal: signal, stopWaitingOnCancel: true }),
      );
    }
    if (offered) offered.modes.currentModeId = modeId;
  }

  private rememberModes(acpSessionId: string, result: unknown): void {
    const offered = offeredModes(result);
    if (offered) this.modes.set(acpSessionId, offered);
    else this.modes.delete(acpSessionId);
  }

  /** One turn. No timeout unless launch.promptTimeoutMs: end a stuck turn with cancel() and terminate(). */
  async prompt(sessionId: string, text: string): Promise<{ stopReason: string }> {
    const method = acp.methods.agent.session.prompt;
    const res = await this.call(method, this.launch.promptTimeoutMs ?? null, (signal) =>
      this.connection.agent.request(
        method,
        { sessionId, prompt: [{ type: 'text', text }] },
        { cancellationSignal: signal, stopWaitingOnCancel: true },
      ),
    );
    if (!isRecord(res) || typeof res.stopReason !== 'string') {
      throw new AgentRequestError('protocol', method, 'session/prompt answered without a stopReason');
    }
    return { stopReason: res.stopReason };
  }

  /**
   * Sends session/cancel and answers the session's pending permission requests `cancelled`.
   * The turn ends when prompt() resolves (normally with `cancelled`); the caller decides how
   * long to wait before terminate().
   */
  async cancel(sessionId: string): Promise<void> {
    this.permissions.cancelSession(sessionId);
    if (this.connection.signal.aborted) return;
    await this.connection.agent.notify(acp.methods.agent.session.cancel, { sessionId }).catch(() => undefined);
  }

  /** Ends the agent's process group (SIGTERM, then SIGKILL after graceMs) and its terminals. Idempotent. */
  terminate(graceMs = DEFAULT_GRACE_MS): Promise<void> {
    this.terminating ??= (async () => {
      this.permissions.cancelAll();
      this.terminals.killAll();
      this.connection.close();
      await this.proc.terminate(graceMs);
    })();
    return this.terminating;
  }

  private get requestTimeout(): number {
    return this.launch.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private async initialize(): Promise<Initialized> {
    const method = acp.methods.agent.initialize;
    const res: unknown = await this.call(method, this.launch.initializeTimeoutMs ?? this.requestTimeout, (signal) =>
      this.connection.agent.request(
        method,
        { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: CLIENT_CAPABILITIES, clientInfo: CLIENT_INFO },
        { cancellationSignal: signal, stopWaitingOnCancel: true },
      ),
    );
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
