// Logins an agent declares (ACP `authMethods`): the terminal login a person runs, `authenticate`
// for the methods the agent handles itself, and `logout`. ACP's terminal methods happen outside
// the connection: the client runs the agent's login in a terminal and then starts the agent again,
// without calling `authenticate` (claude-agent-acp answers that with "Method not implemented").
import os from 'node:os';
import path from 'node:path';
import type { AgentConnection } from '../agents/agentConnection.js';
import { findCommand } from '../agents/commandLookup.js';
import { AgentRequestError } from '../agents/errors.js';
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import type { TerminalLogin } from '../protocol/agentFeatureRoutes.js';
import type { AuthMethod, Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { isResumable, isWaitingForLogin } from '../protocol/sessionStates.js';
import { startBriefAgent } from './briefAgent.js';
import type { EventBus } from './eventBus.js';
import type { SandboxPolicy } from './sandboxPolicy.js';
import { messageOf } from './runnerFacts.js';
import type { SessionRecords } from './sessionRecords.js';
import type { SessionService } from './sessionService.js';
import type { TemplateService } from './templateService.js';

export interface AgentLoginDeps {
  records: SessionRecords;
  bus: EventBus;
  templates: TemplateService;
  sessions: SessionService;
  /** Where a login's short-lived agent runs: on the host, like the terminal login itself, confined by `sandboxes`. */
  runtime: AgentRuntimeProvider;
  sandboxes: SandboxPolicy;
  agentHomesDir: string;
  killGraceMs: number;
}

const GLOBAL = { sessionId: null, projectId: null };

export class AgentLogin {
  constructor(private readonly deps: AgentLoginDeps) {}

  /** The terminal login of the session's agent, for a person to run (VS Code terminal, CLI). */
  terminalLogin(idOrShort: string, methodId: string | undefined): TerminalLogin {
    const s = this.deps.records.get(idOrShort);
    const terminal = s.authMethods.filter((m) => m.terminalCommand !== undefined && m.terminalCommand.length > 0);
    const method = methodId === undefined ? onlyTerminalMethod(s, terminal) : declaredMethod(s, methodId);
    const [program, ...args] = method.terminalCommand ?? [];
    if (program === undefined) {
      throw new SwitchboardError('invalid_request', `"${method.id}" is not a terminal login of the ${s.agent} agent; authenticate with it directly`, 'methodId');
    }
    const home = this.agentHome(s.agent);
    const homeEnv: Record<string, string> = process.platform === 'win32' ? { HOME: home, USERPROFILE: home } : { HOME: home };
    return {
      methodId: method.id,
      name: method.name,
      command: [findCommand(program, process.env.PATH ?? '') ?? program, ...args],
      env: { ...method.terminalEnv, ...homeEnv },
      cwd: s.cwd,
    };
  }

  /**
   * Logs the session's agent in and resumes the session. Agent-handled methods go through ACP
   * `authenticate` on an agent started for it; a terminal method was run by a person already, so
   * the session's agent is simply started again. Throws `agent_refused` (409) when the agent still
   * refuses; the session then keeps waiting for a login.
   */
  async authenticate(idOrShort: string, methodId: string): Promise<Session> {
    const s = this.deps.records.get(idOrShort);
    const method = declaredMethod(s, methodId);
    const scope = this.deps.records.scope(s);
    if (method.type !== 'terminal' && method.terminalCommand === undefined) {
      try {
        await this.withAgent(s.agent, s.cwd, (conn) => conn.authenticate(method.id));
      } catch (err) {
        if (SwitchboardError.is(err)) throw err;
        this.deps.bus.emit('agent.auth_changed', scope, { agent: s.agent, action: 'login', methodId: method.id, ok: false, message: messageOf(err) });
        throw agentError(err, `the ${s.agent} agent refused the login "${method.name}"`, 'methodId');
      }
    }
    const after = isResumable(s) ? await this.deps.sessions.resumeSettled(s.id) : s;
    if (isWaitingForLogin(after)) {
      const message = after.stateDetail ?? `the ${s.agent} agent still asks for a login`;
      this.deps.bus.emit('agent.auth_changed', scope, { agent: s.agent, action: 'login', methodId: method.id, ok: false, message });
      throw new SwitchboardError('agent_refused', `the ${s.agent} agent still refuses to start a session after "${method.name}": ${message}`, 'methodId');
    }
    this.deps.bus.emit('agent.auth_changed', scope, { agent: s.agent, action: 'login', methodId: method.id, ok: true, message: null });
    return after;
  }

  /** ACP `logout` for an agent template, where the agent offers it. */
  async logout(agent: string): Promise<{ agent: string; loggedOut: boolean; message: string }> {
    const template = this.deps.templates.get(agent);
    // Started in the user's HOME (read-only): a logout concerns no checkout, and its own HOME stays writable.
    const answer = await this.withAgent(template.name, os.homedir(), async (conn) => {
      if (!conn.supportsLogout) return { loggedOut: false, message: `the ${template.name} agent has no logout (it does not offer ACP logout); remove its credentials from ${this.agentHome(template.name)} instead` };
      await conn.logout();
      return { loggedOut: true, message: `logged the ${template.name} agent out` };
    }).catch((err: unknown) => {
      if (SwitchboardError.is(err)) throw err;
      this.deps.bus.emit('agent.auth_changed', GLOBAL, { agent: template.name, action: 'logout', methodId: null, ok: false, message: messageOf(err) });
      throw agentError(err, `the ${template.name} agent refused to log out`, 'name');
    });
    if (answer.loggedOut) this.deps.bus.emit('agent.auth_changed', GLOBAL, { agent: template.name, action: 'logout', methodId: null, ok: true, message: null });
    return { agent: template.name, ...answer };
  }

  private agentHome(agent: string): string {
    return path.join(this.deps.agentHomesDir, agent);
  }

  /** Starts the template's agent outside any session (its own HOME, the given cwd, confined), runs `work`, ends it. */
  private async withAgent<T>(agent: string, cwd: string, work: (conn: AgentConnection) => Promise<T>): Promise<T> {
    const template = this.deps.templates.get(agent);
    this.deps.templates.assertInstalled(template);
    const conn = await startBriefAgent(this.deps, template, cwd);
    try {
      return await work(conn);
    } finally {
      await conn.terminate(this.deps.killGraceMs);
    }
  }
}

/**
 * An agent's failure in a route's terms: its answer (an error it returned) is a 409 `agent_refused`
 * with its words; an agent that did not start, went away or did not answer is a 502 `agent_failed`.
 */
function agentError(err: unknown, refused: string, field: string): SwitchboardError {
  const answered = AgentRequestError.is(err) && (err.reason === 'protocol' || err.reason === 'auth_required' || err.reason === 'unsupported');
  if (answered) return new SwitchboardError('agent_refused', `${refused}: ${err.message}`, field);
  return new SwitchboardError('agent_failed', `the agent could not be asked: ${messageOf(err)}`, field);
}

function declaredMethod(s: Session, methodId: string): AuthMethod {
  const method = s.authMethods.find((m) => m.id === methodId);
  if (method) return method;
  const known = s.authMethods.map((m) => m.id).join(', ');
  throw new SwitchboardError(
    'invalid_request',
    known ? `the ${s.agent} agent declares no login "${methodId}" (it declares: ${known})` : `the ${s.agent} agent declared no logins (yet: it declares them when it starts)`,
    'methodId',
  );
}

function onlyTerminalMethod(s: Session, terminal: AuthMethod[]): AuthMethod {
  if (terminal.length === 1) return terminal[0]!;
  const message =
    terminal.length === 0
      ? `the ${s.agent} agent declares no terminal login`
      : `the ${s.agent} agent declares several terminal logins; name one with methodId (${terminal.map((m) => m.id).join(', ')})`;
  throw new SwitchboardError('invalid_request', message, 'methodId');
}
