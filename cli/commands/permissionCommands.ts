// `permissions`, `approve`, `reject`: answering what an agent asked to do.
import type { PermissionOption, PermissionRequest } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { arg, boolOpt, type CommandSpec, type CommandArgs } from '../args.js';
import type { CommandContext } from '../context.js';
import { table, truncate } from '../format.js';

/** The option a plain `approve` or `reject` picks: the one-time choice first, else any of its side. */
export function defaultOption(request: PermissionRequest, side: 'allow' | 'reject'): PermissionOption | undefined {
  return (
    request.options.find((o) => o.kind === `${side}_once`) ?? request.options.find((o) => o.kind.startsWith(`${side}_`))
  );
}

function toolTitle(r: PermissionRequest): string {
  const title = r.toolCall['title'];
  return typeof title === 'string' ? title : typeof r.toolCall['kind'] === 'string' ? r.toolCall['kind'] : 'tool call';
}

async function answer(ctx: CommandContext, a: CommandArgs, side: 'allow' | 'reject'): Promise<number> {
  const id = arg(a, 0);
  const requestId = arg(a, 1);
  const client = ctx.client();
  let optionId = a.positionals[2];
  if (optionId === undefined) {
    const { permissions } = await client.api.listPermissions({ params: { id } });
    const request = permissions.find((p) => p.id === requestId);
    if (!request) throw new SwitchboardError('not_found', `session ${id} has no permission request ${requestId}`);
    const option = defaultOption(request, side);
    if (!option) {
      const offered = request.options.map((o) => `${o.optionId} (${o.kind})`).join(', ');
      throw new SwitchboardError('invalid_request', `request ${requestId} offers no ${side} option; it offers ${offered || 'nothing'}`);
    }
    optionId = option.optionId;
  }
  const res = await client.api.answerPermission({ params: { id, requestId }, body: { optionId } });
  if (ctx.json) ctx.printJson(res);
  else {
    const chosen = res.permission.options.find((o) => o.optionId === optionId);
    ctx.out(`${side === 'allow' ? 'approved' : 'rejected'} ${requestId} with ${optionId}${chosen ? ` (${chosen.kind})` : ''}`);
  }
  return 0;
}

export const permissionCommands: CommandSpec[] = [
  {
    words: ['permissions'],
    args: '<id>',
    summary: "A session's pending permission requests (all of them with --all)",
    options: { all: { type: 'boolean', help: 'include answered and cancelled requests' } },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const res = await ctx.client().api.listPermissions({
        params: { id },
        query: boolOpt(a, 'all') ? {} : { state: 'pending' },
      });
      if (ctx.json) {
        ctx.printJson(res);
        return 0;
      }
      if (res.permissions.length === 0) {
        ctx.out(boolOpt(a, 'all') ? 'no permission requests' : 'no pending permission requests');
        return 0;
      }
      ctx.out(
        table(
          ['REQUEST', 'STATE', 'TOOL', 'OPTIONS'],
          res.permissions.map((p) => [
            p.id,
            p.state === 'answered' ? `answered: ${p.chosenOptionId ?? '?'}` : p.state,
            truncate(toolTitle(p), 40),
            p.options.map((o) => `${o.optionId} (${o.kind})`).join(', '),
          ]),
        ),
      );
      if (res.permissions.some((p) => p.state === 'pending')) {
        ctx.out(`answer with: switchboard approve ${id} <request> [option]   or   switchboard reject ${id} <request>`);
      }
      return 0;
    },
  },
  {
    words: ['approve'],
    args: '<id> <requestId> [optionId]',
    summary: 'Allow a requested tool call (default: its allow-once option)',
    positionals: { min: 2, max: 3 },
    run: (ctx, a) => answer(ctx, a, 'allow'),
  },
  {
    words: ['reject'],
    args: '<id> <requestId>',
    summary: 'Refuse a requested tool call (its reject-once option)',
    positionals: { min: 2, max: 2 },
    run: (ctx, a) => answer(ctx, a, 'reject'),
  },
];
