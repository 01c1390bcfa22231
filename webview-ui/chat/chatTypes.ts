// The chat panel's view model: what the reducer (chatModel.ts) builds from daemon events and
// what the renderer draws. Plain serializable objects, so tests can compare two models with
// deepEqual and the renderer can tell what changed from `rev` alone.
import type { ELICITATION_ACTIONS, ElicitationContent } from '../../daemon/protocol/elicitationEntities.js';
import type { PermissionOption, PlanEntry, Session, SessionState, StateReason } from '../../daemon/protocol/entities.js';
import type { ConfigOption, SlashCommand } from '../../daemon/protocol/settingsEntities.js';
import type { SessionUsage } from '../../daemon/protocol/usageEntities.js';

export type TurnStatus = 'queued' | 'running' | 'done';

interface ItemBase {
  /** Stable across replays: derived from ids in the events, or from the seq that opened the item. */
  id: string;
  /** The model revision at this item's last change; the renderer redraws items newer than its last pass. */
  rev: number;
}

/** A prompt the user sent: enters the timeline when its turn starts. */
export interface UserItem extends ItemBase {
  kind: 'user';
  turnId: string | null;
  index: number | null;
  text: string;
  status: TurnStatus;
  stopReason: string | null;
  error: string | null;
}

/** Streamed text, coalesced: one item per run of chunks with the same kind and messageId. */
export interface TextItem extends ItemBase {
  kind: 'agent' | 'thought' | 'userEcho';
  messageId: string | null;
  text: string;
  chunks: number;
}

export interface ToolLocation {
  path: string;
  line: number | null;
}

export interface ToolItem extends ItemBase {
  kind: 'tool';
  toolCallId: string;
  title: string | null;
  toolKind: string | null;
  status: string | null;
  /** ACP tool call content blocks as the agent sent them (diff, terminal, content); drawn defensively. */
  content: unknown[];
  locations: ToolLocation[];
  rawInput: unknown;
  rawOutput: unknown;
  /** Terminal ids named in `content`, so terminal events can refresh this item. */
  terminalIds: string[];
}

export interface PlanItem extends ItemBase {
  kind: 'plan';
  turnId: string | null;
  entries: PlanEntry[];
}

export type PermissionStatus = 'pending' | 'answered' | 'cancelled';

export interface PermissionItem extends ItemBase {
  kind: 'permission';
  requestId: string;
  toolCallId: string | null;
  title: string;
  toolKind: string | null;
  options: PermissionOption[];
  status: PermissionStatus;
  chosenOptionId: string | null;
  answeredBy: 'user' | 'policy' | 'system' | null;
}

export interface FileItem extends ItemBase {
  kind: 'file';
  path: string;
  bytes: number;
  created: boolean;
}

export type NoticeLevel = 'info' | 'warn' | 'error';

/** Anything worth a line in the timeline that is not a conversation part: errors, refusals, resets. */
export interface NoticeItem extends ItemBase {
  kind: 'notice';
  level: NoticeLevel;
  text: string;
  /** Longer text shown collapsed (stderr tail, context summary). */
  detail: string | null;
}

/** A form the agent asks the person to fill in (ACP elicitation, form mode). */
export interface ElicitationItem extends ItemBase {
  kind: 'elicitation';
  requestId: string;
  message: string;
  /** The JSON schema of the form, as the agent sent it; read defensively by elicitationForm.ts. */
  requestedSchema: Record<string, unknown>;
  status: 'pending' | 'answered' | 'cancelled';
  action: (typeof ELICITATION_ACTIONS)[number] | null;
  /** What was answered, when known (a replayed request, or the answer this panel sent). */
  content: ElicitationContent | null;
  answeredBy: 'user' | 'system' | null;
}

export type ChatItem = UserItem | TextItem | ToolItem | PlanItem | PermissionItem | FileItem | NoticeItem | ElicitationItem;

export interface TerminalInfo {
  terminalId: string;
  command: string;
  args: string[];
  exitCode: number | null;
  signal: string | null;
  outputBytes: number | null;
  truncated: boolean;
  running: boolean;
}

export interface SessionStatus {
  state: SessionState;
  reason: StateReason | null;
  detail: string | null;
}

export interface ChatModel {
  /** The highest seq applied; events at or below it are ignored, which makes replays idempotent. */
  lastSeq: number;
  /** Bumped by every change; items carry the revision of their last change. */
  revision: number;
  session: Session | null;
  status: SessionStatus | null;
  /** The timeline, in event order. Items are only appended or updated in place, never removed. */
  items: ChatItem[];
  /** Prompts accepted but not started yet, in order. */
  queued: UserItem[];
  /** The agent's latest plan (each plan event carries the whole list). */
  plan: PlanEntry[];
  terminals: Record<string, TerminalInfo>;
  /** Indexes into `items` by id. */
  index: Record<string, number>;
  /** The turn whose events are arriving, for placing plans and closing turns. */
  currentTurnId: string | null;
  /** What the agent lets the person choose (model, mode, effort…), with current values; empty until offered. */
  config: ConfigOption[];
  /** The agent's slash commands, as it last announced them. */
  commands: SlashCommand[];
  /** Context and cost so far: the session snapshot's, brought up to date by the agent's usage reports. */
  usage: SessionUsage | null;
}
