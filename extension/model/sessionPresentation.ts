// How a session reads in the tree, the pickers and the status bar: pure strings and ids, so the
// wording is unit-tested and the tree provider only wraps them in VS Code types.
import type { Session } from '../../daemon/protocol/entities.js';
import { fleetRows, queuedText, setupProgressText } from './fleetPresentation.js';
import { contextText, currentSetting, usageText } from './usagePresentation.js';

export const TITLE_MAX = 60;

/** The daemon's title, else the prompt's first line, shortened. */
export function sessionTitle(s: Pick<Session, 'title' | 'prompt'>): string {
  const raw = (s.title.trim() || s.prompt.trim().split('\n')[0] || '').replace(/\s+/g, ' ');
  if (raw === '') return '(no prompt)';
  return raw.length > TITLE_MAX ? `${raw.slice(0, TITLE_MAX - 1)}…` : raw;
}

/** What the fleet reasons (issue 11) say, whatever state carries them. */
const FLEET_REASON_LABELS: Partial<Record<NonNullable<Session['stateReason']>, string>> = {
  admission: 'queued',
  setting_up: 'setting up',
  setup_failed: 'setup failed',
  crash_loop: 'crash loop — resume to retry',
  stalled: 'stalled — no word from the agent',
};

export function stateLabel(s: Pick<Session, 'state' | 'stateReason'>): string {
  const fleet = s.stateReason ? FLEET_REASON_LABELS[s.stateReason] : undefined;
  if (fleet && s.state !== 'archived' && s.state !== 'deleted' && s.state !== 'stopped') return fleet;
  switch (s.state) {
    case 'created':
      return 'starting';
    case 'waiting_for_user':
      return s.stateReason === 'auth_required' ? 'needs login' : s.stateReason === 'permission' ? 'needs approval' : 'waiting for you';
    case 'failed':
      if (s.stateReason === 'interrupted') return 'interrupted';
      return s.stateReason === 'agent_start_failed' ? 'failed to start' : s.stateReason === 'agent_crashed' ? 'crashed' : 'failed';
    case 'stopped':
      return s.stateReason === 'interrupted' || s.stateReason === 'daemon_shutdown' ? 'interrupted' : 'stopped';
    default:
      return s.state;
  }
}

/** `5s`, `3m`, `2h`, `4d`: compact, like a file explorer's age column. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

export function sessionAgeMs(s: Pick<Session, 'updatedAt'>, now: number): number {
  const t = Date.parse(s.updatedAt);
  return Number.isFinite(t) ? now - t : 0;
}

/** What the tree knows of a session beyond its record: its place in the admission queue. */
export interface FleetFacts {
  queuePosition: number | null;
}

/**
 * The state as the description says it: `queued #2` with its place in the queue, `setting up:
 * npm ci — 12 s` while a setup command runs, else the state label.
 */
export function liveStateText(s: Session, now: number, fleet?: FleetFacts): string {
  if (s.state === 'queued') return queuedText(fleet?.queuePosition);
  return setupProgressText(s.setup, now) ?? stateLabel(s);
}

/** `agent · action · state · age`, then `unsandboxed` when nothing confines the agent. */
export function sessionDescription(s: Session, now: number, fleet?: FleetFacts): string {
  return [s.agent, s.action, liveStateText(s, now, fleet), formatAge(sessionAgeMs(s, now)), ...(s.isolation?.kind === 'none' ? ['⚠ unsandboxed'] : [])].join(' · ');
}

export interface IconSpec {
  /** A codicon id (`sync~spin`). */
  id: string;
  /** A theme color id. */
  color: string;
}

export function stateIcon(s: Pick<Session, 'state' | 'stateReason'>): IconSpec {
  if (s.stateReason === 'setting_up' && (s.state === 'created' || s.state === 'running')) return { id: 'gear~spin', color: 'charts.blue' };
  switch (s.state) {
    case 'queued':
      return { id: 'watch', color: 'charts.purple' };
    case 'created':
      return { id: 'loading~spin', color: 'charts.blue' };
    case 'running':
      return { id: 'sync~spin', color: 'charts.blue' };
    case 'waiting_for_user':
      if (s.stateReason === 'auth_required') return { id: 'key', color: 'charts.yellow' };
      if (s.stateReason === 'crash_loop') return { id: 'debug-restart', color: 'charts.orange' };
      return s.stateReason === 'stalled' ? { id: 'warning', color: 'charts.orange' } : { id: 'bell-dot', color: 'charts.yellow' };
    case 'completed':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      // Interrupted by a daemon stop: nothing went wrong in the work itself, and it resumes.
      return s.stateReason === 'interrupted' ? { id: 'debug-pause', color: 'charts.orange' } : { id: 'error', color: 'testing.iconFailed' };
    case 'stopped':
      return { id: 'debug-stop', color: 'disabledForeground' };
    case 'archived':
      return { id: 'archive', color: 'disabledForeground' };
    case 'deleted':
      return { id: 'trash', color: 'disabledForeground' };
  }
}

/** Escapes what Markdown would otherwise interpret in text from prompts and agents. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** How a session's agent is confined, in a few words; unsandboxed is loud on purpose. */
export function isolationLabel(isolation: NonNullable<Session['isolation']>): string {
  if (isolation.kind === 'none') return `⚠ **UNSANDBOXED** — ${escapeMarkdown(isolation.detail.replace(/^UNSANDBOXED: /, ''))}`;
  return isolation.kind === 'bwrap' ? 'bubblewrap sandbox' : 'container';
}

/** Model and mode (as the agent names them), context and cost: the rows the agent's reports fill. */
function settingRows(s: Session): string[] {
  const rows: [string, string | null][] = [
    ['Model', currentSetting(s, 'model')],
    ['Mode', currentSetting(s, 'mode')],
    ['Context', contextText(s.usage)],
    ['Usage', usageText(s.usage)],
  ];
  return rows.flatMap(([name, value]) => (value === null ? [] : [`| ${name} | ${escapeMarkdown(value)} |`]));
}

/** The tooltip, as Markdown (trusted: no command links, no HTML). */
export function sessionTooltip(s: Session, projectName: string, now: number, fleet?: FleetFacts): string {
  const lines = [
    `**${escapeMarkdown(sessionTitle(s))}**`,
    '',
    `${escapeMarkdown(liveStateText(s, now, fleet))}${s.stateDetail ? ` — ${escapeMarkdown(s.stateDetail)}` : ''}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Project | ${escapeMarkdown(projectName)} |`,
    `| Agent | ${escapeMarkdown(s.agent)} |`,
    ...settingRows(s),
    `| Action | ${s.action}${s.readOnly ? ' (read-only)' : ''} |`,
    `| Permissions | ${s.permissionPolicy} |`,
    ...(s.isolation ? [`| Isolation | ${isolationLabel(s.isolation)} |`] : []),
    ...(s.branch ? [`| Branch | \`${s.branch.replace(/`/g, '')}\` |`] : []),
    ...fleetRows(s, fleet?.queuePosition ?? null, now).map(([name, value]) => `| ${name} | ${escapeMarkdown(value)} |`),
    `| Where | ${escapeMarkdown(s.worktreePath ?? s.cwd)} |`,
    `| Updated | ${formatAge(sessionAgeMs(s, now))} ago |`,
    `| Id | ${s.shortId} |`,
  ];
  const prompt = s.prompt.trim();
  if (prompt) lines.push('', '---', '', escapeMarkdown(prompt.length > 500 ? `${prompt.slice(0, 499)}…` : prompt));
  return lines.join('\n');
}
