// A built-in template with what a person changed on it (entities.ts TemplateOverrides): merged
// wherever the template is used (launch, listings, availability), redacted wherever it is shown.
import type { AgentTemplate, TemplateOverrides } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { AddAgentBody } from '../protocol/routes.js';

/** The template as it runs: the overrides' command, the built-in's args then theirs, their env over its env, their defaults. */
export function applyOverrides(t: AgentTemplate): AgentTemplate {
  const o = t.overrides;
  if (!o) return t;
  return {
    ...t,
    ...(o.defaults ? { defaults: o.defaults } : {}),
    spawn: {
      ...t.spawn,
      command: o.command ?? t.spawn.command,
      args: [...t.spawn.args, ...(o.args ?? [])],
      env: { ...t.spawn.env, ...o.env },
    },
  };
}

/** The overrides as views show them: which variables are set, never their values. */
export function redactOverrides(o: TemplateOverrides): TemplateOverrides {
  return o.env ? { ...o, env: Object.fromEntries(Object.keys(o.env).map((k) => [k, '***'])) } : o;
}

/** Nothing overridden: the same as no overrides at all. */
export function isEmptyOverrides(o: TemplateOverrides): boolean {
  return o.command === undefined && (o.args ?? []).length === 0 && Object.keys(o.env ?? {}).length === 0 && o.defaults === undefined;
}

/** What a built-in takes from `agents add`; any other field is refused by name. */
const BODY_FIELDS_FOR_BUILTINS = new Set(['name', 'command', 'args', 'env', 'defaults']);

/** The runtime every `agents add` sends when no sandbox option was given: no change to a built-in. */
function isDefaultRuntime(v: unknown): boolean {
  return JSON.stringify(v) === JSON.stringify({ provider: 'local' });
}

/** `agents add <built-in> --command … --arg … --env … --model …` as overrides; other fields name what a built-in cannot take. */
export function overridesFromAddBody(body: AddAgentBody): TemplateOverrides {
  const refused = Object.entries(body).find(([k, v]) => !BODY_FIELDS_FOR_BUILTINS.has(k) && v !== undefined && !(k === 'runtime' && isDefaultRuntime(v)));
  if (refused) {
    throw new SwitchboardError('invalid_request', `"${body.name}" is a built-in template: it takes overrides of command, args, env and defaults only, not ${refused[0]}`, refused[0]);
  }
  return {
    command: body.command,
    ...(body.args.length > 0 ? { args: body.args } : {}),
    ...(Object.keys(body.env).length > 0 ? { env: body.env } : {}),
    ...(body.defaults ? { defaults: body.defaults } : {}),
  };
}
