// `agent-sessions`: an agent's own earlier sessions in a project (ACP session/list), to continue one
// with a new session (`fromAgentSession`).
import { arg, stringOpt, type CommandSpec } from '../args.js';
import { table, truncate } from '../format.js';

export const agentSessionCommands: CommandSpec[] = [
  {
    words: ['agent-sessions'],
    args: '<project>',
    summary: "An agent's own earlier sessions in a project (it must declare session/list); continue one with fromAgentSession",
    options: { agent: { type: 'string', valueName: 'A', required: true, help: 'the agent template to ask' } },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api.listAgentSessions({ params: { project: arg(a, 0) }, query: { agent: stringOpt(a, 'agent') ?? '' } });
      if (ctx.json) {
        ctx.printJson(res);
        return 0;
      }
      if (res.sessions.length === 0) {
        ctx.out('the agent has no sessions in this project');
        return 0;
      }
      ctx.out(table(['AGENT SESSION', 'UPDATED', 'TITLE', 'DIRECTORY'], res.sessions.map((s) => [s.sessionId, s.updatedAt ?? '', truncate(s.title ?? '', 50), s.cwd])));
      return 0;
    },
  },
];
