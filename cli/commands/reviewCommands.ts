// `changes`, `diff`, `merge`, `discard` and `review`: looking at what a session changed and
// landing or dropping it.
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { CHECKPOINT_POLICIES, MERGE_STRATEGIES, type ChangedFile, type Changes, type MergeConflict, type MergePreview, type Revision } from '../../daemon/protocol/reviewEntities.js';
import { UsageError, arg, boolOpt, choiceOpt, intOpt, stringOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { keyValues, table } from '../format.js';

const turnOption = {
  turn: { type: 'string', valueName: 'N', help: "only turn N's own changes (N as in `sessions show`)" },
} as const;

const LETTER: Record<ChangedFile['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };

function revisionText(r: Revision): string {
  if (r.kind === 'worktree') return 'worktree';
  const commit = r.commit?.slice(0, 12) ?? '';
  return r.kind === 'base' ? `base ${commit}` : `turn ${r.turn ?? '?'} checkpoint ${commit}`;
}

/** The changed-files table with totals, drift and merged notes. Pure, for tests. */
export function changesText(c: Changes): string {
  const lines: string[] = [];
  if (c.drift) lines.push(`warning: the worktree is on ${c.drift.actualBranch ?? 'a detached HEAD'}, not its branch ${c.drift.expectedBranch}`);
  if (c.merged) lines.push(`merged into ${c.merged.into} (${c.merged.how}, ${c.merged.commit.slice(0, 12)})`);
  if (c.files.length === 0) {
    lines.push(`no changes (${revisionText(c.from)} → ${revisionText(c.to)})`);
    return lines.join('\n') + '\n';
  }
  const whole = c.turn === null;
  const rows = c.files.map((f) => {
    const counts = f.binary ? 'binary' : `+${f.additions ?? 0} -${f.deletions ?? 0}`;
    const name = f.oldPath !== null ? `${f.oldPath} → ${f.path}` : f.path;
    const where = [f.committed ? 'committed' : '', f.uncommitted ? 'uncommitted' : '', f.untracked ? 'untracked' : ''].filter((x) => x !== '').join(',');
    return whole ? [LETTER[f.status], counts, where || '-', name] : [LETTER[f.status], counts, name];
  });
  lines.push(table(whole ? ['ST', 'LINES', 'WHERE', 'PATH'] : ['ST', 'LINES', 'PATH'], rows).trimEnd());
  lines.push(`${c.totals.files} file(s), +${c.totals.additions} -${c.totals.deletions} (${revisionText(c.from)} → ${revisionText(c.to)})`);
  return lines.join('\n') + '\n';
}

export function conflictLines(conflicts: readonly MergeConflict[]): string {
  return conflicts.map((c) => `  ${c.path}${c.types.length > 0 ? `  (${c.types.join('; ')})` : ''}`).join('\n') + '\n';
}

export function previewText(p: MergePreview): string {
  const head = keyValues([
    ['into', p.into],
    ['strategy', p.strategy],
    ['base tip', p.baseTip.slice(0, 12)],
    ['checkout', p.checkout ?? 'none (the branch is not checked out)'],
    ['can merge', p.canMerge ? 'yes' : `no (${p.blocker ?? ''})`],
    ['files', p.files.length],
  ]);
  const parts = [head.trimEnd()];
  if (p.conflicts.length > 0) parts.push(`conflicts:\n${conflictLines(p.conflicts).trimEnd()}`);
  if (p.dirtyFiles.length > 0) parts.push(`uncommitted in the checkout:\n${p.dirtyFiles.map((f) => `  ${f}`).join('\n')}`);
  parts.push(`message:\n${p.message.replace(/^/gm, '  ')}`);
  return parts.join('\n') + '\n';
}

/** A refused merge: the reason, and for conflicts or dirty files the list, in plain words (exit 1). */
function reportRefusal(ctx: CommandContext, err: SwitchboardError): number {
  if (ctx.json) {
    ctx.printJson(err.toBody());
    return 1;
  }
  ctx.io.stderr(`switchboard: ${err.message}\n`);
  const conflicts = err.details?.['conflicts'];
  if (Array.isArray(conflicts) && conflicts.length > 0) ctx.io.stderr(`conflicting files:\n${conflictLines(conflicts as MergeConflict[])}`);
  const files = err.details?.['files'];
  if (Array.isArray(files) && files.length > 0) ctx.io.stderr(`files with uncommitted changes:\n${(files as string[]).map((f) => `  ${f}`).join('\n')}\n`);
  return 1;
}

export const reviewCommands: CommandSpec[] = [
  {
    words: ['changes'],
    args: '<id>',
    summary: "List the session's changed files against its base (or one turn's), with line counts",
    options: { ...turnOption },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const turn = intOpt(a, 'turn');
      const res = await ctx.client().api.listChanges({ params: { id: arg(a, 0) }, query: turn === undefined ? {} : { turn } });
      if (ctx.json) ctx.printJson(res);
      else ctx.io.stdout(changesText(res));
      return 0;
    },
  },
  {
    words: ['diff'],
    args: '<id> [path]',
    summary: "The session's unified diff against its base (or one turn's), of one path or all",
    options: { ...turnOption },
    positionals: { min: 1, max: 2 },
    async run(ctx, a) {
      const turn = intOpt(a, 'turn');
      const filePath = a.positionals[1];
      const res = await ctx.client().api.getDiff({
        params: { id: arg(a, 0) },
        query: { ...(filePath !== undefined ? { path: filePath } : {}), ...(turn !== undefined ? { turn } : {}) },
      });
      if (ctx.json) ctx.printJson(res);
      else if (res.diff !== '') ctx.io.stdout(res.diff);
      else ctx.io.stderr(`no changes (${revisionText(res.from)} → ${revisionText(res.to)})\n`);
      return 0;
    },
  },
  {
    words: ['merge'],
    args: '<id>',
    summary: 'Merge the session into its base branch (conflicts are reported, nothing is half-merged)',
    options: {
      strategy: { type: 'string', valueName: 'S', help: `${MERGE_STRATEGIES.join(' or ')} (default squash)` },
      message: { type: 'string', valueName: 'TEXT', help: 'the commit message (default: from the prompt, follow-ups and plan)' },
      into: { type: 'string', valueName: 'BRANCH', help: "the branch to merge into (default: the session's base branch)" },
      'dry-run': { type: 'boolean', help: 'only show what the merge would do: files, conflicts, message' },
    },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const strategy = choiceOpt(a, 'strategy', MERGE_STRATEGIES);
      const into = stringOpt(a, 'into');
      const message = stringOpt(a, 'message');
      if (boolOpt(a, 'dry-run')) {
        if (message !== undefined) throw new UsageError('merge: --message has no effect with --dry-run');
        const preview = await ctx.client().api.mergePreview({ params: { id }, query: { ...(strategy ? { strategy } : {}), ...(into ? { into } : {}) } });
        if (ctx.json) ctx.printJson(preview);
        else ctx.io.stdout(previewText(preview));
        return preview.canMerge ? 0 : 1;
      }
      try {
        const res = await ctx.client().api.mergeSession({
          params: { id },
          body: { ...(strategy ? { strategy } : {}), ...(into ? { into } : {}), ...(message !== undefined ? { message } : {}) },
        });
        if (ctx.json) ctx.printJson(res);
        else {
          const where = res.checkout !== null ? `; ${res.checkout} updated` : '';
          ctx.out(`merged session ${res.session.id} into ${res.into} (${res.strategy}): ${res.commit.slice(0, 12)}, ${res.files.length} file(s)${where}`);
        }
        return 0;
      } catch (err) {
        if (SwitchboardError.is(err, 'conflict')) return reportRefusal(ctx, err);
        throw err;
      }
    },
  },
  {
    words: ['discard'],
    args: '<id>',
    summary: "Discard the session's work: its worktree goes back to the base (a backup ref is kept)",
    options: { yes: { type: 'boolean', help: 'do not ask; required when not on a terminal' } },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      if (!boolOpt(a, 'yes')) {
        const changes = await ctx.client().api.listChanges({ params: { id }, query: {} });
        ctx.io.stderr(`discard would remove:\n${changesText(changes)}`);
        if (!ctx.io.interactive) throw new UsageError('discard: refusing to discard without --yes when no one can answer on a terminal');
        if (!(await ctx.io.confirm(`discard the work of session ${id}?`))) {
          ctx.io.stderr('not discarded\n');
          return 1;
        }
      }
      const res = await ctx.client().api.discardSession({ params: { id } });
      if (ctx.json) ctx.printJson(res);
      else {
        const backup = res.backupRef !== null ? `; the previous state is kept as ${res.backupRef}` : '';
        ctx.out(`discarded ${res.files} changed file(s) of session ${res.session.id}; the worktree is at its base ${res.baseCommit.slice(0, 12)}${backup}`);
      }
      return 0;
    },
  },
  {
    words: ['review'],
    args: '<id>',
    summary: 'Review status of a session: checkpoints, drift, merged; --checkpoints sets the policy',
    options: { checkpoints: { type: 'string', valueName: 'P', help: `checkpoint policy: ${CHECKPOINT_POLICIES.join(' or ')}` } },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const policy = choiceOpt(a, 'checkpoints', CHECKPOINT_POLICIES);
      const client = ctx.client();
      if (policy !== undefined) await client.api.updateReviewSettings({ params: { id }, body: { checkpointPolicy: policy } });
      const res = await client.api.getReviewStatus({ params: { id } });
      if (ctx.json) {
        ctx.printJson(res);
        return 0;
      }
      ctx.io.stdout(
        keyValues([
          ['session', res.sessionId],
          ['checkpoints', res.checkpointPolicy],
          ['base', res.baseBranch === null ? (res.baseCommit ?? '-') : `${res.baseBranch} (${res.baseCommit?.slice(0, 12) ?? '-'})`],
          ['drift', res.drift ? `on ${res.drift.actualBranch ?? 'a detached HEAD'}, not ${res.drift.expectedBranch}` : 'none'],
          ['merged', res.merged ? `into ${res.merged.into} (${res.merged.how}, ${res.merged.commit.slice(0, 12)})` : 'no'],
        ]),
      );
      if (res.checkpoints.length > 0) ctx.io.stdout(table(['TURN', 'CHECKPOINT', 'CREATED'], res.checkpoints.map((c) => [String(c.turn), c.commit.slice(0, 12), c.createdAt])));
      return 0;
    },
  },
];
