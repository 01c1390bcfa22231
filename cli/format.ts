// Human output: compact aligned tables, `key: value` blocks, and one readable line per event.
// Pure functions of their input, so they are tested without a daemon.
import { narrowEvent } from '../daemon/protocol/eventNarrowing.js';
import type { StreamEvent } from '../daemon/protocol/eventStream.js';

/** Columns padded to their widest cell; the last column is not padded (no trailing blanks). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return (
    all
      .map((r) =>
        r
          .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `key: value` lines with the values aligned; undefined values are left out. */
export function keyValues(pairs: readonly (readonly [string, string | number | boolean | null | undefined])[]): string {
  const shown = pairs.filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length + 1));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v === null ? '-' : String(v)}`).join('\n') + '\n';
}

/**
 * A session's STATE cell: `queued #2` with its place in the admission queue (positions from the
 * daemon's admission snapshot), else the state.
 */
export function stateCell(s: { id: string; state: string }, queuePositions: ReadonlyMap<string, number>): string {
  if (s.state !== 'queued') return s.state;
  const at = queuePositions.get(s.id);
  return at ? `queued #${at}` : 'queued';
}

export function truncate(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** `3s`, `4m`, `2h`, `5d`: how long, in one unit. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export function age(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${duration(now - t)} ago`;
}

/** `HH:MM:SS` in local time: events of one sitting rarely need the date. */
export function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** What happened, in a few words, without the type name. */
export function summarizeEvent(e: StreamEvent): string {
  const t = narrowEvent(e);
  if (!t) return truncate(JSON.stringify(e.payload ?? null));
  switch (t.type) {
    case 'session.created':
      return `${t.payload.session.agent} ${t.payload.session.action}: ${truncate(t.payload.session.title, 60)}`;
    case 'session.state_changed': {
      const why = t.payload.reason ? ` (${t.payload.reason})` : '';
      const detail = t.payload.detail ? `: ${truncate(t.payload.detail, 60)}` : '';
      return `${t.payload.from} → ${t.payload.to}${why}${detail}`;
    }
    case 'session.updated':
      return `${t.payload.session.state}${t.payload.session.acpSessionId ? `, agent session ${t.payload.session.acpSessionId}` : ''}`;
    case 'session.deleted':
      return `worktree removed: ${t.payload.worktreeRemoved ? 'yes' : 'no'}, branch deleted: ${t.payload.branchDeleted ? 'yes' : 'no'}`;
    case 'worktree.created':
      return `${t.payload.path} on ${t.payload.branch}`;
    case 'worktree.removed':
      return `${t.payload.path}${t.payload.branchDeleted ? ` (branch ${t.payload.branch ?? ''} deleted)` : ''}`;
    case 'agent.started':
      return `${t.payload.command}${t.payload.pid !== null ? ` (pid ${t.payload.pid})` : ''}`;
    case 'agent.exited':
      return `exit ${t.payload.exitCode ?? t.payload.signal ?? '?'}${t.payload.expected ? '' : ' (unexpected)'}${
        t.payload.stderrTail ? `: ${truncate(t.payload.stderrTail, 60)}` : ''
      }`;
    case 'turn.queued':
    case 'turn.started':
      return `#${t.payload.index} ${truncate(t.payload.prompt, 60)}`;
    case 'turn.ended':
      return `#${t.payload.index} ${t.payload.stopReason ?? 'no stop reason'}${t.payload.error ? `: ${t.payload.error}` : ''}`;
    case 'agent.message_chunk':
    case 'agent.thought_chunk':
    case 'user.message_chunk':
      return truncate(t.payload.text);
    case 'tool_call':
    case 'tool_call_update': {
      const p = t.payload;
      return [p.title ?? p.toolCallId, p.kind ? `[${p.kind}]` : '', p.status ?? ''].filter((s) => s).join(' ');
    }
    case 'plan':
      return truncate(t.payload.entries.map((x) => `${x.status === 'completed' ? '✓' : '·'} ${x.content}`).join('; '));
    case 'permission.requested': {
      const r = t.payload.request;
      const title = typeof r.toolCall['title'] === 'string' ? r.toolCall['title'] : 'a tool call';
      return `${r.id}: ${truncate(title, 50)} — ${r.options.map((o) => o.optionId).join(' / ')}`;
    }
    case 'permission.answered':
      return `${t.payload.requestId}: ${t.payload.outcome === 'selected' ? `${t.payload.optionId ?? ''} (${t.payload.optionKind ?? '?'})` : 'cancelled'} by ${t.payload.answeredBy}`;
    case 'file.read':
    case 'file.written':
      return `${t.payload.path} (${t.payload.bytes} bytes${t.type === 'file.written' && t.payload.created ? ', new' : ''})`;
    case 'file.refused':
      return `${t.payload.operation} ${t.payload.path}: ${t.payload.reason}`;
    case 'terminal.started':
      return truncate([t.payload.command, ...t.payload.args].join(' '));
    case 'terminal.exited':
      return `exit ${t.payload.exitCode ?? t.payload.signal ?? '?'} (${t.payload.outputBytes} bytes${t.payload.truncated ? ', truncated' : ''})`;
    case 'log':
      return `[${t.payload.level}] ${truncate(t.payload.message)}`;
    case 'error':
      return `${t.payload.code}: ${truncate(t.payload.message)}`;
    case 'context.reset':
      return t.payload.reason;
    case 'artifact.created':
      return `${t.payload.artifact.kind} ${t.payload.artifact.path}`;
    case 'daemon.started':
      return `pid ${t.payload.pid}, version ${t.payload.version}`;
    case 'project.added':
    case 'project.updated':
      return `${t.payload.project.slug} (${t.payload.project.repoPath})`;
    case 'template.added':
      return t.payload.name;
    default:
      return truncate(JSON.stringify(t.payload));
  }
}

/** `#12    10:04:05  turn.ended             #0 end_turn`: the `events` listing. */
export function eventLine(e: StreamEvent): string {
  return `${`#${e.seq}`.padEnd(6)} ${clock(e.time)}  ${e.type.padEnd(22)} ${summarizeEvent(e)}`;
}
