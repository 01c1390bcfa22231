// `forms`, `form`: the forms an agent asked a person to fill in (elicitations), and answering one.
import type { ElicitationContent, ElicitationRequest } from '../../daemon/protocol/elicitationEntities.js';
import { formFields, parseFieldValue, type FormField } from '../../daemon/protocol/elicitationForm.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { arg, boolOpt, listOpt, UsageError, type CommandArgs, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { truncate } from '../format.js';

/** One line per field: `name (number 1..10, required): How many`. */
export function describeField(f: FormField): string {
  const facts = [f.choices ? f.choices.join('|') : f.type];
  if (f.min !== null || f.max !== null) facts.push(`${f.min ?? ''}..${f.max ?? ''}`);
  if (f.required) facts.push('required');
  const label = [f.title, f.description].filter((t): t is string => Boolean(t)).join(' — ');
  return `${f.name} (${facts.join(', ')})${label ? `: ${label}` : ''}`;
}

function describeRequest(r: ElicitationRequest): string[] {
  const answer = r.state === 'pending' ? 'pending' : `${r.state}: ${r.action ?? '?'} by ${r.answeredBy ?? '?'}`;
  const lines = [`${r.id}  ${answer}`, `  ${truncate(r.message, 200)}`];
  for (const f of formFields(r.requestedSchema)) lines.push(`    ${describeField(f)}`);
  if (r.content) lines.push(`  answered: ${JSON.stringify(r.content)}`);
  return lines;
}

/** `--field name=value …` as typed content, each value read as the form's field type. */
export function contentFromFields(fields: FormField[], pairs: string[]): ElicitationContent {
  const content: ElicitationContent = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field takes name=value; got "${pair}"`);
    const name = pair.slice(0, eq);
    const field = fields.find((f) => f.name === name);
    if (!field) throw new SwitchboardError('invalid_request', `the form has no field "${name}"; it has ${fields.map((f) => f.name).join(', ')}`, `content.${name}`);
    const value = parseFieldValue(field, pair.slice(eq + 1));
    if (value === null) throw new SwitchboardError('invalid_request', `"${name}" must be a ${field.type}; got "${pair.slice(eq + 1)}"`, `content.${name}`);
    content[name] = value;
  }
  return content;
}

function chosenAction(a: CommandArgs): 'accept' | 'decline' | 'cancel' {
  const chosen = (['accept', 'decline', 'cancel'] as const).filter((x) => boolOpt(a, x));
  if (chosen.length !== 1) throw new UsageError('give exactly one of --accept, --decline, --cancel');
  const action = chosen[0]!;
  if (action !== 'accept' && listOpt(a, 'field').length > 0) throw new UsageError('--field goes with --accept only');
  return action;
}

async function answerForm(ctx: CommandContext, a: CommandArgs): Promise<number> {
  const id = arg(a, 0);
  const requestId = arg(a, 1);
  const action = chosenAction(a);
  const client = ctx.client();
  let content: ElicitationContent | undefined;
  if (action === 'accept') {
    const { elicitations } = await client.api.listElicitations({ params: { id } });
    const request = elicitations.find((e) => e.id === requestId);
    if (!request) throw new SwitchboardError('not_found', `session ${id} has no form ${requestId}`, 'requestId');
    content = contentFromFields(formFields(request.requestedSchema), listOpt(a, 'field'));
  }
  const res = await client.api.answerElicitation({ params: { id, requestId }, body: { action, ...(content ? { content } : {}) } });
  if (ctx.json) ctx.printJson(res);
  else ctx.out(`${action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'cancelled'} form ${requestId}`);
  return 0;
}

export const elicitationCommands: CommandSpec[] = [
  {
    words: ['forms'],
    args: '<id>',
    summary: "A session's pending forms from its agent, with their fields (all of them with --all)",
    options: { all: { type: 'boolean', help: 'include answered and cancelled forms' } },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const res = await ctx.client().api.listElicitations({ params: { id }, query: boolOpt(a, 'all') ? {} : { state: 'pending' } });
      if (ctx.json) {
        ctx.printJson(res);
        return 0;
      }
      if (res.elicitations.length === 0) {
        ctx.out(boolOpt(a, 'all') ? 'no forms' : 'no pending forms');
        return 0;
      }
      for (const r of res.elicitations) ctx.out(describeRequest(r).join('\n'));
      if (res.elicitations.some((r) => r.state === 'pending')) {
        ctx.out(`answer with: switchboard form ${id} <request> --accept --field name=value …   (or --decline, --cancel)`);
      }
      return 0;
    },
  },
  {
    words: ['form'],
    args: '<id> <requestId>',
    summary: "Answer an agent's form: --accept with --field name=value …, or --decline, or --cancel",
    options: {
      accept: { type: 'boolean', help: 'send the form filled in with the --field values' },
      decline: { type: 'boolean', help: 'refuse to fill it in' },
      cancel: { type: 'boolean', help: 'dismiss it without an answer' },
      field: { type: 'string', multiple: true, valueName: 'NAME=VALUE', help: 'one field of the form (repeat for each)' },
    },
    positionals: { min: 2, max: 2 },
    run: (ctx, a) => answerForm(ctx, a),
  },
];
