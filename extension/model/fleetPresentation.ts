// How a session's place in a fleet reads (issue 11): its position in the admission queue, the
// setup command running in its worktree, its leased ports, its disk use and a prune by retention.
// Pure strings from the records the tree already has (no extra request), unit-tested; the tree,
// the pickers and the chat header use them.
import type { Session } from '../../daemon/protocol/entities.js';
import type { DiskUsage, PortLease, Pruned, SetupStatus } from '../../daemon/protocol/fleetEntities.js';

type QueueFacts = Pick<Session, 'id' | 'state' | 'queueSeq'>;

/**
 * 1-based queue positions of the queued sessions: 1 + how many queued sessions hold a smaller
 * ticket (`queueSeq`), which is the daemon's FIFO order. A queued session without a ticket (an
 * event not yet seen) has no position.
 */
export function queuePositions(sessions: Iterable<QueueFacts>): Map<string, number> {
  const queued: { id: string; seq: number }[] = [];
  for (const s of sessions) if (s.state === 'queued' && typeof s.queueSeq === 'number') queued.push({ id: s.id, seq: s.queueSeq });
  queued.sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
  return new Map(queued.map((q, i) => [q.id, i + 1]));
}

/** `queued #2`, or `queued` when the position is unknown. */
export function queuedText(position: number | null | undefined): string {
  return position ? `queued #${position}` : 'queued';
}

/** Setup is running a command now (what the tree ticks a clock for). */
export function isSettingUp(s: Pick<Session, 'setup'>): boolean {
  return s.setup?.state === 'running';
}

/** `12 s`, `3 min 4 s`: the elapsed time of a setup command, to the second. */
export function elapsedText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total} s`;
  const m = Math.floor(total / 60);
  return `${m} min ${total % 60} s`;
}

const COMMAND_MAX = 40;

function shortCommand(command: string): string {
  const flat = command.replace(/\s+/g, ' ').trim();
  return flat.length > COMMAND_MAX ? `${flat.slice(0, COMMAND_MAX - 1)}…` : flat;
}

/** `setting up: npm ci — 12 s` while a setup command runs; null otherwise. */
export function setupProgressText(setup: SetupStatus | null | undefined, now: number): string | null {
  if (setup?.state !== 'running') return null;
  const started = setup.commandStartedAt ? Date.parse(setup.commandStartedAt) : NaN;
  const clock = Number.isFinite(started) ? ` — ${elapsedText(now - started)}` : '';
  return setup.command ? `setting up: ${shortCommand(setup.command)}${clock}` : `setting up${clock}`;
}

/** The tooltip's Setup row: state, the command, and which of how many. */
export function setupSummary(setup: SetupStatus, now: number): string {
  const step = setup.total > 0 ? ` (${Math.min(setup.index + 1, setup.total)}/${setup.total})` : '';
  switch (setup.state) {
    case 'pending':
      return `pending${setup.total > 0 ? ` (${setup.total} command${setup.total === 1 ? '' : 's'})` : ''}`;
    case 'running':
      return `${setupProgressText(setup, now) ?? 'running'}${step}`;
    case 'done':
      return `done${setup.total > 0 ? ` (${setup.total} command${setup.total === 1 ? '' : 's'})` : ''}`;
    case 'failed':
      return `failed: ${setup.command ?? 'a command'}${step}${setup.exitCode !== null ? `, exit ${setup.exitCode}` : ''}`;
  }
}

/** Named ports first (in their order), then the others by number: what a picker offers first. */
export function orderedPorts(ports: readonly PortLease[] | null | undefined): PortLease[] {
  const list = [...(ports ?? [])];
  return list.sort((a, b) => (a.name === null ? 1 : 0) - (b.name === null ? 1 : 0) || (a.name !== null ? 0 : a.port - b.port));
}

/** `41000 (web), 41001, 41002 …`: named ones first; beyond `max`, an ellipsis. */
export function portsText(ports: readonly PortLease[] | null | undefined, max = 4): string | null {
  const list = orderedPorts(ports);
  if (list.length === 0) return null;
  const shown = list.slice(0, max).map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port)));
  return `${shown.join(', ')}${list.length > max ? ' …' : ''}`;
}

/** `http://127.0.0.1:41000`: where a session's server on a leased port answers. */
export function portUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** `1.2 GB`, `512 kB`, `0 B`: decimal units, as `du -h --si` and file managers show them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, bytes);
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? String(Math.round(v)) : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** `1.2 GB (worktree 1.1 GB, artifacts 3.0 MB, log 12 kB)`. */
export function diskText(disk: DiskUsage): string {
  return `${formatBytes(disk.totalBytes)} (worktree ${formatBytes(disk.worktreeBytes)}, artifacts ${formatBytes(disk.artifactBytes)}, log ${formatBytes(disk.logBytes)})`;
}

/** The sum of the sessions' measured disk use; null when none was measured. */
export function totalDiskBytes(sessions: Iterable<Pick<Session, 'disk'>>): number | null {
  let total: number | null = null;
  for (const s of sessions) if (s.disk) total = (total ?? 0) + s.disk.totalBytes;
  return total;
}

/** `2026-12-07 (archived, 1.2 GB freed)`: when and why retention removed the worktree. */
export function prunedText(pruned: Pruned): string {
  const day = pruned.at.slice(0, 10);
  return `${day} (${pruned.reason}, ${formatBytes(pruned.bytes)} freed${pruned.branchDeleted ? ', branch deleted' : ''})`;
}

/** The fleet rows of a session's tooltip (name, value), in the order they read best. */
export function fleetRows(s: Session, queuePosition: number | null, now: number): [string, string][] {
  const rows: [string, string][] = [];
  if (s.state === 'queued') rows.push(['Queue', queuePosition ? `#${queuePosition} — starts when an agent slot frees` : 'waiting for an agent slot']);
  if (s.setup) rows.push(['Setup', setupSummary(s.setup, now)]);
  const ports = portsText(s.ports, 10);
  if (ports) rows.push(['Ports', ports]);
  if (s.disk) rows.push(['Disk', diskText(s.disk)]);
  if (s.pruned) rows.push(['Pruned', prunedText(s.pruned)]);
  return rows;
}
