// Overrides of built-in agent templates: `agents add <built-in> [--command] [--arg…] [--env…] [--model --mode --option…]`
// (without --command it reaches here) and `agents reset <built-in>`. A built-in stays a built-in,
// refreshed with every release; what a person changed is kept apart and merged over it.
import type { AgentTemplateView } from '../../daemon/protocol/entities.js';
import { GLOBAL_OPTIONS, UsageError, arg, listOpt, type CommandArgs, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { settingsFromArgs } from './settingsCommands.js';

/** The options of `agents add` a built-in takes without --command. */
const OVERRIDE_OPTIONS = new Set(['arg', 'env', 'model', 'mode', 'option']);

/** What a view says about a built-in's overrides, values never shown; '' when it has none. */
export function overridesNote(t: AgentTemplateView): string {
  const o = t.overrides;
  if (!o) return '';
  const parts = [
    ...(o.command !== undefined ? [`command ${o.command}`] : []),
    ...((o.args ?? []).length > 0 ? [`args ${(o.args ?? []).join(' ')}`] : []),
    ...(Object.keys(o.env ?? {}).length > 0 ? [`env ${Object.keys(o.env ?? {}).join(', ')}`] : []),
    ...(o.defaults ? [`defaults ${JSON.stringify(o.defaults)}`] : []),
  ];
  return `overridden: ${parts.join('; ')}`;
}

/** `agents add <name>` without --command: overrides of a built-in (replacing earlier ones); `env` parsed by the caller. */
export async function overrideBuiltin(ctx: CommandContext, a: CommandArgs, env: Record<string, string>): Promise<number> {
  const given = Object.entries(a.values).filter(([k, v]) => !(k in GLOBAL_OPTIONS) && v !== undefined && !(Array.isArray(v) && v.length === 0));
  const other = given.find(([k]) => !OVERRIDE_OPTIONS.has(k));
  if (other) throw new UsageError(`agents add: --command CMD is required for a new template (a built-in takes only --arg, --env, --model, --mode and --option without it, not --${other[0]})`);
  const args = listOpt(a, 'arg');
  const defaults = settingsFromArgs('agents add', a);
  const res = await ctx.client().api.overrideAgent({
    params: { name: arg(a, 0) },
    body: { ...(args.length > 0 ? { args } : {}), ...(Object.keys(env).length > 0 ? { env } : {}), ...(Object.keys(defaults).length > 0 ? { defaults } : {}) },
  });
  if (ctx.json) ctx.printJson(res);
  else ctx.out(`built-in ${res.agent.name}: ${overridesNote(res.agent) || 'as shipped (nothing overridden)'}`);
  return 0;
}

export const agentOverrideCommands: CommandSpec[] = [
  {
    words: ['agents', 'reset'],
    args: '<name>',
    summary: 'Drop the overrides of a built-in agent template (back to the shipped definition)',
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api.resetAgent({ params: { name: arg(a, 0) } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`built-in ${res.agent.name} is as shipped again: ${[res.agent.spawn.command, ...res.agent.spawn.args].join(' ')}`);
      return 0;
    },
  },
];
