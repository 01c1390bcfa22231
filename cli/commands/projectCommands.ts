// `projects list|add|show|budget` and `agents list|add`.
import { resolve } from 'node:path';
import { SANDBOX_MODES, type Project } from '../../daemon/protocol/entities.js';
import { UsageError, arg, boolOpt, choiceOpt, listOpt, stringOpt, type CommandSpec } from '../args.js';
import { keyValues, table, truncate } from '../format.js';
import { overrideBuiltin, overridesNote } from './agentOverrideCommands.js';
import { mcpConfigFromArgs, mcpConfigOption } from './mcpConfigOption.js';
import { settingsFromArgs, settingsOptions } from './settingsCommands.js';

function projectFacts(p: Project): string {
  return keyValues([
    ['slug', p.slug],
    ['name', p.name],
    ['id', p.id],
    ['path', p.repoPath],
    ['default branch', p.defaultBranch],
    ['added', p.createdAt],
    ['daily budget', p.budgetUsdPerDay != null ? `$${p.budgetUsdPerDay} (USD a UTC day)` : 'none'],
  ]);
}

/** `--env K=V` pairs; a pair without `=` is a usage error. */
export function parseEnvPairs(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes KEY=VALUE, not "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** `none` removes the budget; else dollars, like `0.50` or `$2`. */
function parseBudget(text: string): number | null {
  if (text.toLowerCase() === 'none') return null;
  const usd = Number(text.replace(/^\$/, ''));
  if (text.trim() === '' || !Number.isFinite(usd) || usd < 0) throw new UsageError(`the budget is dollars a day (like 0.50) or none, not "${text}"`);
  return usd;
}

export const projectCommands: CommandSpec[] = [
  {
    words: ['projects', 'list'],
    args: '',
    summary: 'List registered projects',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const res = await ctx.client().api.listProjects();
      if (ctx.json) ctx.printJson(res);
      else if (res.projects.length === 0) ctx.out('no projects yet; add one with `switchboard projects add <path>`');
      else ctx.out(table(['SLUG', 'NAME', 'BRANCH', 'PATH'], res.projects.map((p) => [p.slug, p.name, p.defaultBranch, p.repoPath])));
      return 0;
    },
  },
  {
    words: ['projects', 'add'],
    args: '<path>',
    summary: 'Register a git repository as a project',
    options: {
      name: { type: 'string', valueName: 'NAME', help: 'display name (default: the folder name)' },
      slug: { type: 'string', valueName: 'SLUG', help: 'short unique name used in commands and branch names' },
      'default-branch': { type: 'string', valueName: 'BRANCH', help: 'branch worktrees start from (default: detected)' },
    },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const name = stringOpt(a, 'name');
      const slug = stringOpt(a, 'slug');
      const defaultBranch = stringOpt(a, 'default-branch');
      // The daemon's working directory is not ours: send an absolute path.
      const res = await ctx.client().api.addProject({
        body: {
          path: resolve(ctx.io.cwd, arg(a, 0)),
          ...(name !== undefined ? { name } : {}),
          ...(slug !== undefined ? { slug } : {}),
          ...(defaultBranch !== undefined ? { defaultBranch } : {}),
        },
      });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`added project ${res.project.slug}\n${projectFacts(res.project)}`);
      return 0;
    },
  },
  {
    words: ['projects', 'show'],
    args: '<slug>',
    summary: 'Show one project',
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api.getProject({ params: { project: arg(a, 0) } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(projectFacts(res.project));
      return 0;
    },
  },
  {
    words: ['projects', 'budget'],
    args: '<slug> <usd|none>',
    summary: "Set a project's cost budget a UTC day (its sessions wait past it), or remove it",
    positionals: { min: 2, max: 2 },
    async run(ctx, a) {
      const budgetUsdPerDay = parseBudget(arg(a, 1));
      const res = await ctx.client().api.updateProject({ params: { project: arg(a, 0) }, body: { budgetUsdPerDay } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(budgetUsdPerDay === null ? `project ${res.project.slug} has no budget now` : `project ${res.project.slug} may spend $${budgetUsdPerDay} a day (UTC)`);
      return 0;
    },
  },
  {
    words: ['agents', 'list'],
    args: '',
    summary: 'List agent templates and whether each is installed',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const res = await ctx.client().api.listAgents();
      if (ctx.json) ctx.printJson(res);
      else {
        ctx.out(
          table(
            ['NAME', 'READY', 'COMMAND', 'NOTE'],
            res.agents.map((t) => [
              t.name,
              t.available ? 'yes' : 'no',
              truncate([t.spawn.command, ...t.spawn.args].join(' '), 40),
              t.available ? truncate(overridesNote(t) || t.description, 50) : (t.installHint ?? (t.npmPackage ? `npm install -g ${t.npmPackage}` : 'not installed')),
            ]),
          ),
        );
      }
      return 0;
    },
  },
  {
    words: ['agents', 'add'],
    args: '<name>',
    summary: 'Add a custom agent template (any ACP agent started by a command), or override a built-in one',
    options: {
      command: { type: 'string', valueName: 'CMD', help: 'the program to start (required for a new template; for a built-in, replaces its program)' },
      arg: { type: 'string', multiple: true, valueName: 'A', help: 'an argument; repeat for several (use --arg=-x for dashes)' },
      env: { type: 'string', multiple: true, valueName: 'K=V', help: 'an environment variable; repeat for several' },
      'npm-package': { type: 'string', valueName: 'P', help: 'the npm package that provides the command' },
      description: { type: 'string', valueName: 'TEXT', help: 'one line shown in `agents list`' },
      sandbox: { type: 'string', valueName: 'MODE', help: "auto, bwrap, docker or none (default: the daemon's)" },
      hide: { type: 'string', multiple: true, valueName: 'PATH', help: 'a path (~/ allowed) its agents must not see; repeat for several' },
      'no-network': { type: 'boolean', help: 'no network for its agents (in the sandbox or container)' },
      ...settingsOptions,
      ...mcpConfigOption,
    },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const command = stringOpt(a, 'command');
      if (command === undefined) return overrideBuiltin(ctx, a, parseEnvPairs(listOpt(a, 'env')));
      const npmPackage = stringOpt(a, 'npm-package');
      const description = stringOpt(a, 'description');
      const sandbox = choiceOpt(a, 'sandbox', SANDBOX_MODES);
      const hiddenPaths = listOpt(a, 'hide');
      const defaults = settingsFromArgs('agents add', a);
      const runtime = {
        provider: 'local' as const,
        ...(sandbox !== undefined ? { sandbox } : {}),
        ...(hiddenPaths.length > 0 ? { hiddenPaths } : {}),
        ...(boolOpt(a, 'no-network') ? { network: 'none' } : {}),
      };
      const res = await ctx.client().api.addAgent({
        body: {
          name: arg(a, 0),
          command,
          args: listOpt(a, 'arg'),
          env: parseEnvPairs(listOpt(a, 'env')),
          ...(npmPackage !== undefined ? { npmPackage } : {}),
          ...(description !== undefined ? { description } : {}),
          runtime,
          ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
          ...(await mcpConfigFromArgs(ctx, a)),
        },
      });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`added agent ${res.agent.name}${res.agent.available ? '' : ` (not installed yet: ${res.agent.installHint ?? res.agent.spawn.command})`}`);
      return 0;
    },
  },
];
