// `projects remove` (after showing exactly what goes; `--dry-run` only shows it) and
// `projects branches` (what a project's default branch can be).
import type { ProjectRemovalPreview } from '../../daemon/protocol/projectRoutes.js';
import { UsageError, arg, boolOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { keyValues, table, truncate } from '../format.js';

/** The preview as a person reads it: what goes, what stays, and what would stop it. */
export function removalText(p: ProjectRemovalPreview, deleteBranches: boolean): string {
  const lines = [
    keyValues([
      ['project', `${p.project.slug} (${p.project.name})`],
      ['repository', `${p.project.repoPath} — kept: Switchboard never removes the repository or anything in it`],
      ['sessions', String(p.sessions.length)],
    ]).trimEnd(),
  ];
  if (p.sessions.length > 0) {
    const rows = p.sessions.map((s) => [s.shortId, s.state, s.worktreeExists ? (s.worktreePath ?? '-') : '-', s.uncommittedFiles > 0 ? `${s.uncommittedFiles} uncommitted` : '', truncate(s.title, 40)]);
    lines.push(indent(table(['SESSION', 'STATE', 'WORKTREE', 'LOST', 'TITLE'], rows)));
  }
  lines.push(`worktrees:  ${p.worktrees.length}`, ...p.worktrees.map((w) => `  ${w}`));
  const branchNote = p.branches.length === 0 ? '' : deleteBranches ? ' (deleted)' : ' (kept; add --delete-branches to delete them)';
  lines.push(`branches:   ${p.branches.length}${branchNote}`, ...p.branches.map((b) => `  ${b}`));
  lines.push(`events:     ${p.eventCount}`);
  if (p.liveSessions.length > 0) {
    lines.push(`REFUSED while these sessions are live (stop them or let them finish first):`, ...p.liveSessions.map((s) => `  ${s.shortId}  ${s.state}  ${truncate(s.title, 60)}`));
  }
  return lines.join('\n') + '\n';
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

async function confirmRemoval(ctx: CommandContext, project: string, deleteBranches: boolean): Promise<boolean> {
  const preview = await ctx.client().api.projectRemovalPreview({ params: { project } });
  ctx.io.stderr(`removing the project would remove:\n${removalText(preview, deleteBranches)}`);
  // The daemon refuses anyway; asking first would only waste the person's answer.
  if (preview.liveSessions.length > 0) return true;
  if (!ctx.io.interactive) throw new UsageError('projects remove: refusing to remove without --yes when no one can answer on a terminal');
  return await ctx.io.confirm(`remove project ${preview.project.slug}?`);
}

export const projectRemovalCommands: CommandSpec[] = [
  {
    words: ['projects', 'remove'],
    args: '<slug>',
    summary: "Unregister a project and remove its sessions, their worktrees (and branches with --delete-branches); never the repository",
    options: {
      'dry-run': { type: 'boolean', help: 'show exactly what would be removed, remove nothing' },
      'delete-branches': { type: 'boolean', help: "also delete the sessions' git branches" },
      yes: { type: 'boolean', help: 'do not ask; required when not on a terminal' },
    },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const project = arg(a, 0);
      const deleteBranches = boolOpt(a, 'delete-branches');
      if (boolOpt(a, 'dry-run')) {
        const preview = await ctx.client().api.projectRemovalPreview({ params: { project } });
        if (ctx.json) ctx.printJson(preview);
        else ctx.out(`would remove (dry run):\n${removalText(preview, deleteBranches)}`);
        return 0;
      }
      if (!boolOpt(a, 'yes') && !(await confirmRemoval(ctx, project, deleteBranches))) {
        ctx.io.stderr('not removed\n');
        return 1;
      }
      const res = await ctx.client().api.removeProject({ params: { project }, query: deleteBranches ? { deleteBranches: 'true' } : {} });
      if (ctx.json) ctx.printJson(res);
      else {
        const r = res.removed;
        const kept = r.branches.filter((b) => !res.branchesDeleted.includes(b));
        const parts = [`removed project ${r.project.slug}`, `${r.sessions.length} session(s)`, `${r.worktrees.length} worktree(s)`];
        if (res.branchesDeleted.length > 0) parts.push(`${res.branchesDeleted.length} branch(es) deleted`);
        if (kept.length > 0) parts.push(`${kept.length} branch(es) kept`);
        ctx.out(`${parts.join('; ')}\n${r.project.repoPath} is untouched`);
      }
      return 0;
    },
  },
  {
    words: ['projects', 'branches'],
    args: '<slug>',
    summary: "List the repository's branches a project can start sessions from (* checked out, default marked)",
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api.listBranches({ params: { project: arg(a, 0) } });
      if (ctx.json) ctx.printJson(res);
      else {
        const rows = res.branches.map((b) => [`${b.current ? '*' : ' '} ${b.name}`, b.commit.slice(0, 12), b.isDefault ? 'default' : '']);
        ctx.out(table(['BRANCH', 'COMMIT', ''], rows));
      }
      return 0;
    },
  },
];
