// `prune` and `retention`: the worktrees retention removes (sessions archived or merged more than N
// days ago, idle more than M days), always previewable with --dry-run, and the stored policy.
import type { PruneResult, RetentionPolicy } from '../../daemon/protocol/fleetEntities.js';
import { UsageError, boolOpt, stringOpt, type CommandArgs, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { keyValues, table, truncate } from '../format.js';

/** `512 B`, `12.3 KiB`, `4.0 GiB`: binary units, as `du -h` shows them. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const RULES = ['archived-days', 'merged-days', 'idle-days'] as const;
type Rule = (typeof RULES)[number];
const RULE_FIELD: Record<Rule, 'archivedDays' | 'mergedDays' | 'idleDays'> = { 'archived-days': 'archivedDays', 'merged-days': 'mergedDays', 'idle-days': 'idleDays' };

/** `--archived-days 30` → 30, `off` → null (the rule does not apply), absent → undefined. */
function daysOpt(a: CommandArgs, name: Rule): number | null | undefined {
  const v = stringOpt(a, name);
  if (v === undefined) return undefined;
  if (v === 'off') return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number of days (0 or more) or "off", not "${v}"`);
  return n;
}

function ruleOverrides(a: CommandArgs): Partial<Pick<RetentionPolicy, 'archivedDays' | 'mergedDays' | 'idleDays'>> {
  const out: Partial<Pick<RetentionPolicy, 'archivedDays' | 'mergedDays' | 'idleDays'>> = {};
  for (const rule of RULES) {
    const days = daysOpt(a, rule);
    if (days !== undefined) out[RULE_FIELD[rule]] = days;
  }
  return out;
}

function onOff(a: CommandArgs, name: string): boolean | undefined {
  const v = stringOpt(a, name);
  if (v === undefined) return undefined;
  if (v !== 'on' && v !== 'off') throw new UsageError(`--${name} must be on or off, not "${v}"`);
  return v === 'on';
}

const dayRule = (v: number | null): string => (v === null ? 'off' : `${v} days`);

export function policyText(p: RetentionPolicy): string {
  return keyValues([
    ['archived', dayRule(p.archivedDays)],
    ['merged', dayRule(p.mergedDays)],
    ['idle', dayRule(p.idleDays)],
    ['delete branch', p.deleteBranch ? 'yes' : 'no (kept)'],
    ['automatic', p.automatic ? 'yes (every 6 hours)' : 'no (only on `switchboard prune`)'],
  ]);
}

/** The candidates with their sizes and a total; what was removed or failed after a real run. */
export function pruneText(r: PruneResult): string {
  if (r.candidates.length === 0) return 'nothing to prune under this policy\n';
  const rows = r.candidates.map((c) => [c.shortId, c.state, c.reason, `${c.ageDays.toFixed(1)}d`, humanBytes(c.bytes), c.branch ?? '-', truncate(c.title, 40)]);
  const head = r.dryRun ? 'would remove these worktrees (dry run):' : 'removed these worktrees:';
  const total = `total: ${humanBytes(r.totalBytes)} in ${r.candidates.length} worktree${r.candidates.length === 1 ? '' : 's'}${r.policy.deleteBranch ? ', branches deleted' : ', branches kept'}\n`;
  const failed = r.failed.map((f) => `failed ${f.sessionId}: ${f.error}\n`).join('');
  return `${head}\n${table(['SESSION', 'STATE', 'REASON', 'AGE', 'SIZE', 'BRANCH', 'TITLE'], rows)}${total}${failed}`;
}

const ruleOptions = {
  'archived-days': { type: 'string', valueName: 'N', help: 'worktrees of sessions archived more than N days ago (off: never)' },
  'merged-days': { type: 'string', valueName: 'N', help: 'worktrees of sessions merged more than N days ago (off: never)' },
  'idle-days': { type: 'string', valueName: 'N', help: 'worktrees of sessions idle more than N days (off: never)' },
} as const;

async function runPrune(ctx: CommandContext, a: CommandArgs): Promise<number> {
  const project = stringOpt(a, 'project');
  const r = await ctx.client().api.prune({
    body: { dryRun: boolOpt(a, 'dry-run'), ...(project !== undefined ? { project } : {}), ...ruleOverrides(a), ...(boolOpt(a, 'delete-branch') ? { deleteBranch: true } : {}) },
  });
  if (ctx.json) ctx.printJson(r);
  else ctx.out(pruneText(r));
  return r.failed.length > 0 ? 1 : 0;
}

export const pruneCommands: CommandSpec[] = [
  {
    words: ['prune'],
    args: '',
    summary: 'Remove the worktrees the retention policy selects (--dry-run lists them); running sessions are never touched',
    options: {
      'dry-run': { type: 'boolean', help: 'list what would be removed, remove nothing' },
      project: { type: 'string', valueName: 'P', help: 'only this project (slug or id)' },
      ...ruleOptions,
      'delete-branch': { type: 'boolean', help: 'delete the session branches too (kept by default)' },
    },
    positionals: { min: 0, max: 0 },
    run: runPrune,
  },
  {
    words: ['retention'],
    args: '',
    summary: 'Show the retention policy, or set its rules (stored; applied by `prune`, and by itself when automatic)',
    options: {
      ...ruleOptions,
      'delete-branch': { type: 'boolean', help: 'delete session branches with their worktrees from now on' },
      'keep-branch': { type: 'boolean', help: 'keep session branches (the default)' },
      automatic: { type: 'string', valueName: 'on|off', help: 'apply the policy by itself every 6 hours' },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      if (boolOpt(a, 'delete-branch') && boolOpt(a, 'keep-branch')) throw new UsageError('give --delete-branch or --keep-branch, not both');
      const deleteBranch = boolOpt(a, 'delete-branch') ? true : boolOpt(a, 'keep-branch') ? false : undefined;
      const automatic = onOff(a, 'automatic');
      const patch = { ...ruleOverrides(a), ...(deleteBranch !== undefined ? { deleteBranch } : {}), ...(automatic !== undefined ? { automatic } : {}) };
      const api = ctx.client().api;
      const policy = Object.keys(patch).length > 0 ? await api.updateRetention({ body: patch }) : await api.getRetention();
      if (ctx.json) ctx.printJson(policy);
      else ctx.out(policyText(policy));
      return 0;
    },
  },
];
