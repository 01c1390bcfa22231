// What the agents layer needs from the sessions layer, and what it hands over. Only protocol
// types cross this line: nothing from the ACP SDK leaks out of daemon/agents.
import type { PermissionOption } from '../protocol/entities.js';
import type { EventPayload, EventType } from '../protocol/events.js';
import type { McpServer } from '../protocol/mcpEntities.js';
import type { AgentRuntimeProvider, RuntimeStartOptions } from './runtime.js';

/** A NewEvent without its envelope: the host adds sessionId/projectId. */
export type AgentEvent = { [T in EventType]: { type: T; payload: EventPayload<T> } }[EventType];

export interface PermissionAsk {
  /** The agent's tool call (ACP ToolCallUpdate shape), as the agent sent it. */
  toolCall: Record<string, unknown>;
  options: PermissionOption[];
  /** The agent's session id. */
  acpSessionId: string;
  /** Aborted when the turn is cancelled or the agent goes away: the answer is then `cancelled` already. */
  signal: AbortSignal;
}

/** The modes an agent offers for one of its sessions (ACP session modes), and the one it is in. */
export interface AgentModes {
  currentModeId: string | null;
  available: Array<{ id: string; name: string }>;
}

export type PermissionAnswer = { outcome: 'selected'; optionId: string } | { outcome: 'cancelled' };

/** A form the agent asks the person to fill in (ACP `elicitation/create`, form mode). */
export interface ElicitationAsk {
  acpSessionId: string;
  message: string;
  /** The form's JSON schema as the agent sent it (ACP `ElicitationSchema`). */
  requestedSchema: Record<string, unknown>;
  /** Aborted when the turn is cancelled, the agent withdraws the request or goes away. */
  signal: AbortSignal;
}

export type ElicitationAnswer =
  | { action: 'accept'; content: Record<string, string | number | boolean | string[]> }
  | { action: 'decline' }
  | { action: 'cancel' };

export interface AgentHost {
  /**
   * A translated session/update or a side effect (file.written, file.refused, terminal.started, ...),
   * in the order the agent produced them. Unknown update kinds arrive as 'agent.update'.
   */
  onEvent(e: AgentEvent, acpSessionId: string | null): void;
  /** Parked until a person or a policy answers. */
  requestPermission(req: PermissionAsk): Promise<PermissionAnswer>;
  /** Parked until a person answers the form; absent: every form is declined. */
  requestElicitation?(req: ElicitationAsk): Promise<ElicitationAnswer>;
  /** Raw stderr text; the host writes it (redacted) to the session log. */
  onStderr(text: string): void;
}

export interface AgentLaunch {
  runtime: AgentRuntimeProvider;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The session's worktree (or the project checkout when readOnly): the root of all fs and terminal access. */
  cwd: string;
  /** The agent's own HOME; see RuntimeStartOptions.home. */
  home?: string;
  /** Run the agent in a bubblewrap sandbox (local runtime only); see RuntimeStartOptions.sandbox. */
  sandbox?: RuntimeStartOptions['sandbox'];
  /** fs writes are refused (and recorded as file.refused). */
  readOnly: boolean;
  /** Timeout of every request except session/prompt (default 60 s). */
  requestTimeoutMs?: number;
  /** Timeout of `initialize` (default: requestTimeoutMs). */
  initializeTimeoutMs?: number;
  /** Timeout of session/prompt; none by default, because turns legitimately run for hours. */
  promptTimeoutMs?: number;
  /** Default output byte limit for terminals whose request sets none (default 1 MiB). */
  terminalOutputLimit?: number;
  /** MCP servers for every session/new and session/load; http/sse ones only if the agent declares the capability. */
  mcpServers?: McpServer[];
}
