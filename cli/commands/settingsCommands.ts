// A session's settings and slash commands: `config <session>` shows (and with --model, --mode or
// --option changes) the model, mode and options its agent offers; `commands <session>` lists the
// agent's slash commands. The settings options are shared with `send` and `agents add`.
import type { SessionConfig } from '../../daemon/protocol/agentFeatureRoutes.js';
import type { ConfigOption, SettingsRequest, SettingValue } from '../../daemon/protocol/settingsEntities.js';
import { arg, listOpt, stringOpt, UsageError, type CommandArgs, type CommandSpec, type OptionSpec } from '../args.js';
import { table } from '../format.js';

/** `--model`, `--mode` and repeatable `--option key=value`, for every command that asks for settings. */
export const settingsOptions: Record<string, OptionSpec> = {
  model: { type: 'string', valueName: 'M', help: 'the model to ask the agent for (an id or name it offers: opus, gpt-5.4…)' },
  mode: { type: 'string', valueName: 'M', help: 'the agent mode (an id or name it offers: plan, read-only…)' },
  option: { type: 'string', multiple: true, valueName: 'K=V', help: 'another agent option by id (reasoning_effort=high); repeat for several' },
};

/** `true`/`false` become booleans (for an agent's switches); anything else stays text, matched by the daemon. */
function optionValue(text: string): SettingValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

/** The settings a command line asks for: empty when it names none. */
export function settingsFromArgs(command: string, a: CommandArgs): SettingsRequest {
  const model = stringOpt(a, 'model');
  const mode = stringOpt(a, 'mode');
  const options: Record<string, SettingValue> = {};
  for (const pair of listOpt(a, 'option')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new UsageError(`${command}: --option takes key=value, not "${pair}"`);
    options[pair.slice(0, eq).trim()] = optionValue(pair.slice(eq + 1).trim());
  }
  return {
    ...(model !== undefined ? { model } : {}),
    ...(mode !== undefined ? { mode } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

function requestText(request: SettingsRequest | null): string {
  if (!request) return '-';
  const parts = [
    ...(request.model !== undefined ? [`model=${String(request.model)}`] : []),
    ...(request.mode !== undefined ? [`mode=${String(request.mode)}`] : []),
    ...Object.entries(request.options ?? {}).map(([k, v]) => `${k}=${String(v)}`),
  ];
  return parts.length > 0 ? parts.join(' ') : '-';
}

/** One option's values, the current one marked with `*`. */
function valuesText(o: ConfigOption): string {
  if (o.type === 'boolean') return `${o.currentValue === true ? '*' : ''}true ${o.currentValue === false ? '*' : ''}false`;
  return o.values.map((v) => `${v.value === o.currentValue ? '*' : ''}${v.value}`).join(' ');
}

function configText(config: SessionConfig): string {
  const options =
    config.options.length === 0
      ? 'the agent has offered no settings yet (they appear once it starts)'
      : table(['OPTION', 'CATEGORY', 'VALUES (* current)'], config.options.map((o) => [o.id, o.category ?? '-', valuesText(o)]));
  return `${options}\nrequested: ${requestText(config.requested)}${config.pending ? `\npending (before the next prompt): ${requestText(config.pending)}` : ''}`;
}

const APPLIED_TEXT = { now: 'applied now', next_prompt: 'applied before the next prompt', next_start: 'applied when its agent starts' } as const;

export const settingsCommands: CommandSpec[] = [
  {
    words: ['config'],
    args: '<session>',
    summary: "Show a session's model, mode and options (current value marked), or change them",
    options: settingsOptions,
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const change = settingsFromArgs('config', a);
      const api = ctx.client().api;
      if (Object.keys(change).length === 0) {
        const config = await api.getSessionConfig({ params: { id } });
        if (ctx.json) ctx.printJson(config);
        else ctx.out(configText(config));
        return 0;
      }
      const res = await api.updateSessionConfig({ params: { id }, body: change });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`${requestText(change)}: ${APPLIED_TEXT[res.applied]}\n${configText(res)}`);
      return 0;
    },
  },
  {
    words: ['commands'],
    args: '<session>',
    summary: "List the agent's slash commands for a session (send one with followup '/name …')",
    options: {},
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api.listCommands({ params: { id: arg(a, 0) } });
      if (ctx.json) ctx.printJson(res);
      else if (res.commands.length === 0) ctx.out('the agent has announced no slash commands (yet)');
      else ctx.out(table(['COMMAND', 'INPUT', 'DESCRIPTION'], res.commands.map((c) => [`/${c.name}`, c.inputHint ?? '-', c.description])));
      return 0;
    },
  },
];
