// The words of Remove Project's modal, from the daemon's removal preview: what goes (sessions,
// worktrees with any uncommitted files, branches when asked, events), what stays (the repository),
// and, while a session is live, why it cannot go yet. Pure, so the wording is unit-tested.
import type { ProjectRemovalPreview } from '../../daemon/protocol/projectRoutes.js';

/** Lines of a list shown in a modal, the rest counted. */
const SHOWN = 8;

function listed<T>(items: readonly T[], line: (item: T) => string): string[] {
  const out = items.slice(0, SHOWN).map((i) => `  ${line(i)}`);
  if (items.length > SHOWN) out.push(`  … and ${items.length - SHOWN} more`);
  return out;
}

const stateWords = (state: string) => state.replace(/_/g, ' ');

/** The modal's detail: everything removal removes, and the repository it keeps. */
export function removalDetail(p: ProjectRemovalPreview): string {
  const lines = [`The repository stays untouched: ${p.project.repoPath}`, ''];
  if (p.sessions.length === 0) lines.push('Sessions: none');
  else {
    lines.push(`Sessions (${p.sessions.length}), with their events, artifacts and logs:`);
    lines.push(...listed(p.sessions, (s) => `${s.shortId} ${stateWords(s.state)} — ${s.title}${s.uncommittedFiles > 0 ? ` (${s.uncommittedFiles} UNCOMMITTED file${s.uncommittedFiles === 1 ? '' : 's'} lost)` : ''}`));
  }
  if (p.worktrees.length > 0) lines.push(`Worktrees (${p.worktrees.length}):`, ...listed(p.worktrees, (w) => w));
  if (p.branches.length > 0) lines.push(`Session branches (${p.branches.length}), deleted only with "Remove with Branches":`, ...listed(p.branches, (b) => b));
  lines.push(`Events: ${p.eventCount}`);
  return lines.join('\n');
}

/** Why removal cannot happen now, naming the live sessions; null when it can. */
export function liveSessionsText(p: ProjectRemovalPreview): string | null {
  if (p.liveSessions.length === 0) return null;
  const n = p.liveSessions.length;
  return [
    `"${p.project.name}" has ${n} live session${n === 1 ? '' : 's'}. Stop ${n === 1 ? 'it' : 'them'} (or let ${n === 1 ? 'it' : 'them'} finish), then remove the project.`,
    '',
    ...listed(p.liveSessions, (s) => `${s.shortId} ${stateWords(s.state)} — ${s.title}`),
  ].join('\n');
}
