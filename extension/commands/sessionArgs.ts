// How a command finds the session (or project) it acts on, whoever invoked it: a tree node
// (context menu), a session id (notification buttons, the chat panel, tests), `{ sessionId }`, or
// nothing (the palette: the person picks). Pure, so the rules are unit-tested.
import type { Action, PermissionPolicy, Session } from '../../daemon/protocol/entities.js';
import { ACTIONS, PERMISSION_POLICIES } from '../../daemon/protocol/entities.js';
import { isLegal, type SessionAction } from '../model/sessionActions.js';

/** The session id an argument names, or null when the person has to pick. */
export function sessionIdFromArg(arg: unknown): string | null {
  if (typeof arg === 'string') return arg.trim() || null;
  if (typeof arg === 'object' && arg !== null) {
    const id = (arg as { sessionId?: unknown }).sessionId;
    if (typeof id === 'string' && id.trim()) return id.trim();
  }
  return null;
}

export function projectIdFromArg(arg: unknown): string | null {
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { kind?: unknown; projectId?: unknown; project?: unknown };
    if (o.kind === 'project' && typeof o.projectId === 'string') return o.projectId;
    if (typeof o.project === 'string' && o.project.trim()) return o.project.trim();
  }
  return null;
}

/** The port an argument names (`{ sessionId, port }` from the chat header or a test), or null when the person picks. */
export function portFromArg(arg: unknown): number | null {
  if (typeof arg !== 'object' || arg === null) return null;
  const port = (arg as { port?: unknown }).port;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}

/** Finds a session by full id or short id (what people copy from logs and the CLI). */
export function findSession(sessions: Iterable<Session>, idOrShort: string): Session | undefined {
  for (const s of sessions) if (s.id === idOrShort || s.shortId === idOrShort) return s;
  return undefined;
}

const PICK_ORDER: Record<Session['state'], number> = {
  waiting_for_user: 0,
  running: 1,
  created: 1,
  queued: 1,
  failed: 2,
  completed: 3,
  stopped: 4,
  archived: 5,
  deleted: 6,
};

/** Sessions an action applies to, most urgent first (waiting, then running, …), newest within. */
export function pickCandidates(sessions: Iterable<Session>, action: SessionAction): Session[] {
  return [...sessions]
    .filter((s) => isLegal(s, action))
    .sort((a, b) => PICK_ORDER[a.state] - PICK_ORDER[b.state] || (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/**
 * Start Session with everything given skips every prompt: `{ project, agent, action, prompt,
 * permissionPolicy? }` (integration tests, other extensions). Missing fields are asked for.
 */
export interface StartSessionArgs {
  project?: string;
  agent?: string;
  action?: Action;
  prompt?: string;
  permissionPolicy?: PermissionPolicy;
}

export function startArgsFromArg(arg: unknown): StartSessionArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  const out: StartSessionArgs = {};
  const project = projectIdFromArg(arg);
  if (project) out.project = project;
  if (typeof o.agent === 'string' && o.agent) out.agent = o.agent;
  if (typeof o.action === 'string' && (ACTIONS as readonly string[]).includes(o.action)) out.action = o.action as Action;
  if (typeof o.prompt === 'string' && o.prompt.trim()) out.prompt = o.prompt;
  if (typeof o.permissionPolicy === 'string' && (PERMISSION_POLICIES as readonly string[]).includes(o.permissionPolicy)) {
    out.permissionPolicy = o.permissionPolicy as PermissionPolicy;
  }
  return out;
}

/** Orders quick-pick items so the remembered (or configured) choice comes first. */
export function preferFirst<T>(items: readonly T[], key: (t: T) => string, preferred: string | undefined): T[] {
  if (!preferred) return [...items];
  const hit = items.find((i) => key(i) === preferred);
  return hit ? [hit, ...items.filter((i) => i !== hit)] : [...items];
}
