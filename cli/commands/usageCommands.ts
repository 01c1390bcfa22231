// `usage`: what sessions used and cost, summed per session, project or UTC day.
import { USAGE_GROUPS, type UsageReport, type UsageRow } from '../../daemon/protocol/usageEntities.js';
import { choiceOpt, stringOpt, type CommandSpec } from '../args.js';
import { table } from '../format.js';

/** Costs per currency, `$0.0123` for USD and `0.5 EUR` for others; `-` when the agent reported none. */
export function formatCosts(costs: UsageRow['cost']): string {
  if (costs.length === 0) return '-';
  return costs.map((c) => (c.currency === 'USD' ? `$${roundForShow(c.amount)}` : `${roundForShow(c.amount)} ${c.currency}`)).join(' + ');
}

/** Enough places to see a cent's fraction, no float crumbs. */
function roundForShow(amount: number): string {
  return String(Number(amount.toFixed(6)));
}

function reportTable(report: UsageReport): string {
  const heads = [report.groupBy.toUpperCase(), 'TURNS', 'SESSIONS', 'INPUT', 'OUTPUT', 'CACHED', 'TOTAL TOKENS', 'COST'];
  const line = (r: UsageRow) => [
    r.key,
    String(r.turns),
    String(r.sessions),
    String(r.inputTokens),
    String(r.outputTokens),
    String(r.cachedReadTokens + r.cachedWriteTokens),
    String(r.totalTokens),
    formatCosts(r.cost),
  ];
  return table(heads, [...report.rows.map(line), line({ ...report.total, key: 'total' })]);
}

function windowText(report: UsageReport): string {
  if (!report.since && !report.until) return 'all time';
  return `${report.since ?? 'the start'} up to ${report.until ?? 'now'}`;
}

export const usageCommands: CommandSpec[] = [
  {
    words: ['usage'],
    args: '',
    summary: 'Show tokens and cost of ended turns, per session, project or day (UTC)',
    options: {
      project: { type: 'string', valueName: 'P', help: 'only this project (slug or id)' },
      since: { type: 'string', valueName: 'D', help: 'from this day (YYYY-MM-DD, 00:00 UTC) or ISO time on' },
      until: { type: 'string', valueName: 'D', help: 'up to the end of this day, or up to this ISO time' },
      by: { type: 'string', valueName: 'G', help: `group by ${USAGE_GROUPS.join(', ')} (default session)` },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const project = stringOpt(a, 'project');
      const since = stringOpt(a, 'since');
      const until = stringOpt(a, 'until');
      const groupBy = choiceOpt(a, 'by', USAGE_GROUPS) ?? 'session';
      const report = await ctx.client().api.usageReport({
        query: { groupBy, ...(project !== undefined ? { project } : {}), ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) },
      });
      if (ctx.json) ctx.printJson(report);
      else if (report.total.turns === 0) ctx.out(`no turns with usage recorded (${windowText(report)})`);
      else ctx.out(`${windowText(report)}\n${reportTable(report)}`);
      return 0;
    },
  },
];
