// `cancel`, `stop`, `resume`, `archive`, `cleanup-preview` and `delete`: moving a session along
// its lifecycle, and removing it only after showing exactly what goes.
import type { CleanupPreview } from '../../daemon/protocol/routes.js';
import { UsageError, arg, boolOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { waitForSession } from '../follow.js';
import { keyValues } from '../format.js';
import { reportSettled, waitOption } from './sessionCommands.js';

type SimpleRoute = 'cancelTurn' | 'stopSession' | 'archiveSession';

function simple(word: string, route: SimpleRoute, summary: string): CommandSpec {
  return {
    words: [word],
    args: '<id>',
    summary,
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api[route]({ params: { id: arg(a, 0) } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`session ${res.session.id}: ${res.session.state}`);
      return 0;
    },
  };
}

export function previewText(p: CleanupPreview): string {
  const lines = [
    keyValues([
      ['session', p.sessionId],
      ['worktree', p.worktreePath === null ? 'none' : `${p.worktreePath}${p.worktreeExists ? '' : ' (already gone)'}`],
      ['branch', p.branch === null ? 'none' : `${p.branch}${p.branchExists ? '' : ' (already gone)'}`],
      ['uncommitted', `${p.uncommittedFiles.length} file(s)${p.uncommittedFiles.length > 0 ? ' — these changes will be lost' : ''}`],
    ]).trimEnd(),
    ...p.uncommittedFiles.map((f) => `  ${f.status.padEnd(2)} ${f.path}`),
    `artifacts:   ${p.artifacts.length} file(s)`,
    ...p.artifacts.map((f) => `  ${f.path} (${f.size} bytes)`),
    `logs:        ${p.logFiles.length} file(s)`,
    ...p.logFiles.map((f) => `  ${f}`),
    `events:      ${p.eventCount}`,
  ];
  return lines.join('\n') + '\n';
}

async function confirmDelete(ctx: CommandContext, id: string, deleteBranch: boolean): Promise<boolean> {
  const preview = await ctx.client().api.cleanupPreview({ params: { id } });
  ctx.io.stderr(`delete would remove:\n${previewText(preview)}`);
  if (!deleteBranch && preview.branch !== null && preview.branchExists) {
    ctx.io.stderr(`(the branch ${preview.branch} is kept; add --delete-branch to remove it too)\n`);
  }
  if (!ctx.io.interactive) {
    throw new UsageError('delete: refusing to delete without --yes when no one can answer on a terminal');
  }
  return await ctx.io.confirm(`delete session ${id}?`);
}

export const lifecycleCommands: CommandSpec[] = [
  simple('cancel', 'cancelTurn', 'Cancel the running turn (the session stays, ready for a follow-up)'),
  simple('stop', 'stopSession', "Stop the session's agent; everything is kept and `resume` restarts it"),
  {
    words: ['resume'],
    args: '<id>',
    summary: 'Restart a stopped or failed session',
    options: { ...waitOption },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const resume = () => ctx.client().api.resumeSession({ params: { id } });
      if (!boolOpt(a, 'wait')) {
        const res = await resume();
        if (ctx.json) ctx.printJson(res);
        else ctx.out(`session ${res.session.id}: ${res.session.state}`);
        return 0;
      }
      const detail = await waitForSession(ctx, id, {
        fromStart: false,
        action: async () => {
          const res = await resume();
          if (!ctx.json) ctx.out(`session ${res.session.id}: ${res.session.state}`);
          return {};
        },
      });
      return reportSettled(ctx, detail);
    },
  },
  simple('archive', 'archiveSession', 'Archive the session (hidden from lists unless --all)'),
  {
    words: ['cleanup-preview'],
    args: '<id>',
    summary: 'List exactly what `delete` would remove',
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api.cleanupPreview({ params: { id: arg(a, 0) } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(previewText(res));
      return 0;
    },
  },
  {
    words: ['delete'],
    args: '<id>',
    summary: 'Delete the session and its worktree (and branch with --delete-branch)',
    options: {
      'delete-branch': { type: 'boolean', help: "also delete the session's git branch" },
      yes: { type: 'boolean', help: 'do not ask; required when not on a terminal' },
    },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const deleteBranch = boolOpt(a, 'delete-branch');
      if (!boolOpt(a, 'yes') && !(await confirmDelete(ctx, id, deleteBranch))) {
        ctx.io.stderr('not deleted\n');
        return 1;
      }
      const res = await ctx.client().api.deleteSession({
        params: { id },
        query: deleteBranch ? { deleteBranch: 'true' } : {},
      });
      if (ctx.json) ctx.printJson(res);
      else {
        const d = res.deleted;
        const parts = [`deleted session ${d.sessionId}`];
        if (d.worktreePath !== null) parts.push(`worktree ${d.worktreePath} removed`);
        if (d.branch !== null) parts.push(res.branchDeleted ? `branch ${d.branch} deleted` : `branch ${d.branch} kept`);
        ctx.out(parts.join('; '));
      }
      return 0;
    },
  },
];
