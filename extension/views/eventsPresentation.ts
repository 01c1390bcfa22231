// How a row of the Events view reads: its time, what happened in one line, which session, an
// icon by kind, and the filter as the view's description says it. Pure (no `vscode`), so the
// wording is unit-tested. Payloads are read through `narrowEvent`, never cast.
import { narrowEvent, type LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { CHUNK_TYPES, isFiltered, type EventItem, type EventsFilter } from './eventsModel.js';

/** What the view knows of sessions and projects by id (the Sessions tree's model). */
export interface EventNames {
  session(id: string): { shortId: string; title: string } | undefined;
  project(id: string): { name: string; slug: string } | undefined;
}

export function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A session's short id even when the session is gone: the rule the daemon's ids follow. */
export function shortIdOf(sessionId: string): string {
  return sessionId.replace(/-/g, '').slice(0, 8);
}

/** What happened, in a few words, without the type name. */
export function itemSummary(item: EventItem): string {
  if (CHUNK_TYPES.has(item.type)) {
    const text = item.events.map((e) => narrowEvent(e)).map((e) => (e && 'text' in e.payload && typeof e.payload.text === 'string' ? e.payload.text : '')).join('');
    return `${item.events.length > 1 ? `×${item.events.length} ` : ''}${oneLine(text)}`;
  }
  return eventSummary(item.events[0]!);
}

export function eventSummary(e: LooseEvent): string {
  const t = narrowEvent(e);
  if (!t) return oneLine(JSON.stringify(e.payload ?? null));
  switch (t.type) {
    case 'session.created':
      return `${t.payload.session.agent} ${t.payload.session.action}: ${oneLine(t.payload.session.title, 60)}`;
    case 'session.state_changed':
      return `${t.payload.from} → ${t.payload.to}${t.payload.reason ? ` (${t.payload.reason})` : ''}${t.payload.detail ? `: ${oneLine(t.payload.detail, 60)}` : ''}`;
    case 'session.updated':
      return t.payload.session.state;
    case 'turn.queued':
    case 'turn.started':
      return `turn ${t.payload.index + 1}: ${oneLine(t.payload.prompt, 60)}`;
    case 'turn.ended':
      return `turn ${t.payload.index + 1}: ${t.payload.stopReason ?? 'no stop reason'}${t.payload.error ? ` — ${oneLine(t.payload.error, 60)}` : ''}`;
    case 'tool_call':
    case 'tool_call_update':
      return [t.payload.title ?? t.payload.toolCallId, t.payload.kind ? `[${t.payload.kind}]` : '', t.payload.status ?? ''].filter(Boolean).join(' ');
    case 'plan':
      return oneLine(t.payload.entries.map((x) => `${x.status === 'completed' ? '✓' : '·'} ${x.content}`).join('; '));
    case 'permission.requested':
      return `asks: ${oneLine(typeof t.payload.request.toolCall['title'] === 'string' ? t.payload.request.toolCall['title'] : 'a tool call', 60)}`;
    case 'permission.answered':
      return `${t.payload.outcome === 'selected' ? (t.payload.optionKind ?? t.payload.optionId ?? 'answered') : 'cancelled'} by ${t.payload.answeredBy}`;
    case 'file.read':
    case 'file.written':
      return `${t.payload.path} (${t.payload.bytes} bytes)`;
    case 'file.refused':
      return `${t.payload.operation} ${t.payload.path}: ${t.payload.reason}`;
    case 'terminal.started':
      return oneLine([t.payload.command, ...t.payload.args].join(' '));
    case 'terminal.exited':
      return `exit ${t.payload.exitCode ?? t.payload.signal ?? '?'}`;
    case 'artifact.created':
      return `${t.payload.artifact.kind} of turn ${(t.payload.artifact.turnIndex ?? 0) + 1}`;
    case 'log':
      return `[${t.payload.level}] ${oneLine(t.payload.message)}`;
    case 'error':
      return `${t.payload.code}: ${oneLine(t.payload.message)}`;
    case 'worktree.created':
      return `${t.payload.path} on ${t.payload.branch}`;
    case 'worktree.removed':
      return `${t.payload.path}${t.payload.branchDeleted ? `, branch ${t.payload.branch ?? ''} deleted` : ''}`;
    case 'session.deleted':
      return `worktree ${t.payload.worktreeRemoved ? 'removed' : 'none'}, branch ${t.payload.branchDeleted ? 'deleted' : 'kept'}`;
    case 'ports.leased':
      return `ports ${t.payload.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ')}`;
    case 'ports.released':
      return `ports ${t.payload.ports.join(', ')}`;
    case 'review.checkpoint_created':
      return `turn ${t.payload.turn + 1}: ${t.payload.files} file${t.payload.files === 1 ? '' : 's'} +${t.payload.additions} −${t.payload.deletions}`;
    case 'review.merged':
      return `${t.payload.how} into ${t.payload.into}`;
    case 'agent.started':
      return oneLine(t.payload.command, 60);
    case 'agent.exited':
      return `exit ${t.payload.exitCode ?? t.payload.signal ?? '?'}${t.payload.expected ? '' : ' (unexpected)'}`;
    // The project's name is the row's "where"; these say the rest.
    case 'project.added':
      return `${t.payload.project.slug} at ${t.payload.project.repoPath}`;
    case 'project.updated':
      return `${t.payload.project.slug}, default branch ${t.payload.project.defaultBranch}`;
    case 'usage':
      return usageSummary(t.payload.usage);
    case 'project.removed':
      return `${t.payload.project.name}: ${t.payload.sessionsRemoved} session(s) removed`;
    default:
      return oneLine(JSON.stringify(t.payload));
  }
}

/** `context 43 / 200000, cost 0.0060 USD` from an ACP usage update (its fields are the agent's). */
function usageSummary(u: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof u['used'] === 'number') parts.push(`context ${u['used']}${typeof u['size'] === 'number' ? ` / ${u['size']}` : ''}`);
  const cost = u['cost'] as { amount?: unknown; currency?: unknown } | undefined;
  if (cost && typeof cost.amount === 'number') parts.push(`cost ${cost.amount} ${typeof cost.currency === 'string' ? cost.currency : ''}`.trim());
  return parts.length > 0 ? parts.join(', ') : oneLine(JSON.stringify(u));
}

/** The session's short id, or the project's name for project-wide events (empty once the project is gone). */
export function itemWhere(item: EventItem, names: EventNames): string {
  if (item.sessionId) return names.session(item.sessionId)?.shortId ?? shortIdOf(item.sessionId);
  if (item.projectId) return names.project(item.projectId)?.name ?? '';
  return 'daemon';
}

/** A row's description: where, then what happened (the session's title is in the tooltip). */
export function itemDescription(item: EventItem, names: EventNames): string {
  return [itemWhere(item, names), itemSummary(item)].filter(Boolean).join(' — ');
}

/** Who the row is about, in full: the session's short id and title, or the project. */
export function itemSubject(item: EventItem, names: EventNames): string {
  const s = item.sessionId ? names.session(item.sessionId) : undefined;
  if (s) return `${s.shortId} ${s.title}`;
  return itemWhere(item, names) || 'a removed project';
}

/** A codicon by the event's family. */
export function itemIcon(type: string): string {
  if (type === 'error' || type === 'file.refused') return 'error';
  if (type.startsWith('permission.') || type.startsWith('elicitation.')) return 'shield';
  if (CHUNK_TYPES.has(type)) return type === 'agent.thought_chunk' ? 'lightbulb' : 'comment';
  if (type.startsWith('tool_call')) return 'tools';
  if (type.startsWith('terminal.')) return 'terminal';
  if (type.startsWith('file.')) return 'file';
  if (type.startsWith('turn.')) return 'debug-continue';
  if (type.startsWith('session.')) return 'pulse';
  if (type.startsWith('worktree.') || type.startsWith('review.')) return 'git-branch';
  if (type === 'artifact.created') return 'output';
  if (type === 'plan') return 'checklist';
  if (type.startsWith('project.')) return 'repo';
  return 'symbol-event';
}

/** The view's description: what the filter keeps, in words; empty when nothing is filtered. */
export function filterDescription(f: EventsFilter, names: EventNames): string {
  if (!isFiltered(f)) return '';
  const parts: string[] = [];
  if (f.projectId) parts.push(`project ${names.project(f.projectId)?.name ?? f.projectId}`);
  if (f.sessionId) parts.push(`session ${names.session(f.sessionId)?.shortId ?? shortIdOf(f.sessionId)}`);
  if (f.types && f.types.length > 0) parts.push(f.types.length === 1 ? f.types[0]! : `${f.types.length} types`);
  return `filtered: ${parts.join(' · ')}`;
}
