// `send`, `sessions list|show`, and `followup` — starting work and looking at it.
import { ACTIONS, PERMISSION_POLICIES, SESSION_STATES, type Session } from '../../daemon/protocol/entities.js';
import type { DiskUsage } from '../../daemon/protocol/fleetEntities.js';
import type { SessionDetail } from '../../daemon/protocol/routes.js';
import { UsageError, arg, boolOpt, choiceOpt, stringOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { pendingPermissionLines, settledSummary, waitForSession } from '../follow.js';
import { age, keyValues, stateCell, table, truncate } from '../format.js';
import { humanBytes } from './pruneCommands.js';
import { settingsFromArgs, settingsOptions } from './settingsCommands.js';

export const waitOption = {
  wait: { type: 'boolean', help: 'follow the events until the session completes, fails, stops or needs you' },
} as const;

/** `sessions show --json`: the Session's own fields at the top, with its turns and pending requests. */
export function sessionDetailJson(d: SessionDetail): Record<string, unknown> {
  return { ...d.session, turns: d.turns, pendingPermissions: d.pendingPermissions };
}

export function sessionFacts(s: Session): string {
  const reason = [s.stateReason, s.stateDetail].filter((x) => x !== null && x !== '').join(': ');
  return keyValues([
    ['id', s.id],
    ['state', `${s.state}${reason ? ` (${reason})` : ''}`],
    ['agent', s.agent],
    ['action', s.action],
    ['project', s.projectId],
    ['title', s.title],
    ['model', s.model ?? undefined],
    ['scope', s.scopePath ?? undefined],
    ['policy', s.permissionPolicy],
    ['isolation', s.isolation ? `${s.isolation.kind}: ${s.isolation.detail}` : undefined],
    ['cwd', s.cwd],
    ['worktree', s.worktreePath],
    ['branch', s.branch],
    ['disk', s.disk ? diskText(s.disk) : undefined],
    ['pruned', s.pruned ? `${s.pruned.at} (${s.pruned.reason}; ${humanBytes(s.pruned.bytes)} freed${s.pruned.branchDeleted ? ', branch deleted' : ''})` : undefined],
    ['ports', portsLine(s)],
    ['base', s.baseCommit ? `${s.baseRef} (${s.baseCommit.slice(0, 12)})` : s.baseRef],
    ['created', s.createdAt],
    ['ended', s.endedAt ?? undefined],
    ['exit code', s.exitCode ?? undefined],
  ]);
}

/** `41000 (web), 41001, …`: the session's leased ports, named ones with their name; absent when none. */
function portsLine(s: Session): string | undefined {
  if (!s.ports || s.ports.length === 0) return undefined;
  return s.ports.map((p) => (p.name !== null ? `${p.port} (${p.name})` : String(p.port))).join(', ');
}

/** `1.2 GiB (worktree 1.1 GiB, artifacts 2.0 KiB, log 40.0 KiB; measured <time>)`. */
function diskText(d: DiskUsage): string {
  return `${humanBytes(d.totalBytes)} (worktree ${humanBytes(d.worktreeBytes)}, artifacts ${humanBytes(d.artifactBytes)}, log ${humanBytes(d.logBytes)}; measured ${d.measuredAt})`;
}

/**
 * Ends a `--wait`: prints the settled detail (JSON or summary). A failed session exits 1; one
 * waiting for the person exits 0, since waiting is where it should be.
 */
export function reportSettled(ctx: CommandContext, detail: SessionDetail): number {
  const summary = settledSummary(detail);
  if (ctx.json) ctx.printJson(sessionDetailJson(detail));
  else ctx.io.stdout(summary.text);
  return summary.exitCode;
}

export const sessionCommands: CommandSpec[] = [
  {
    words: ['send'],
    args: '<agent> <action> <project> [scope]',
    summary: `Start a session: an agent does ${ACTIONS.join('|')} in a project`,
    options: {
      prompt: { type: 'string', valueName: 'TEXT', required: true, help: 'what to do' },
      ...settingsOptions,
      policy: { type: 'string', valueName: 'P', help: `who answers permission requests: ${PERMISSION_POLICIES.join(', ')} (default ask)` },
      base: { type: 'string', valueName: 'REF', help: 'start the worktree from this ref instead of the default branch' },
      'from-agent-session': { type: 'string', valueName: 'ID', help: "continue the agent's own earlier session (ids from `agent-sessions`)" },
      ...waitOption,
    },
    positionals: { min: 3, max: 4 },
    async run(ctx, a) {
      const prompt = stringOpt(a, 'prompt') ?? '';
      const action = arg(a, 1);
      if (!(ACTIONS as readonly string[]).includes(action)) {
        throw new UsageError(`send: the action must be one of ${ACTIONS.join(', ')}, not "${action}"`);
      }
      const policy = choiceOpt(a, 'policy', PERMISSION_POLICIES);
      const settings = settingsFromArgs('send', a);
      const baseRef = stringOpt(a, 'base');
      const fromAgentSession = stringOpt(a, 'from-agent-session');
      const scopePath = a.positionals[3];
      const res = await ctx.client().api.createSession({
        body: {
          agent: arg(a, 0),
          action: action as (typeof ACTIONS)[number],
          project: arg(a, 2),
          prompt,
          ...(scopePath !== undefined ? { scopePath } : {}),
          ...settings,
          ...(baseRef !== undefined ? { baseRef } : {}),
          ...(policy !== undefined ? { permissionPolicy: policy } : {}),
          ...(fromAgentSession !== undefined ? { fromAgentSession } : {}),
        },
      });
      const s = res.session;
      if (!boolOpt(a, 'wait')) {
        if (ctx.json) ctx.printJson(res);
        else ctx.out(`session ${s.id} started: ${s.agent} ${s.action} (${s.state})\n${sessionFacts(s)}`);
        return 0;
      }
      if (!ctx.json) ctx.out(`session ${s.id} started: ${s.agent} ${s.action}`);
      const detail = await waitForSession(ctx, s.id, { fromStart: true });
      return reportSettled(ctx, detail);
    },
  },
  {
    words: ['sessions', 'list'],
    args: '',
    summary: 'List sessions (archived ones only with --all)',
    options: {
      project: { type: 'string', valueName: 'P', help: 'only this project (slug or id)' },
      state: { type: 'string', valueName: 'S', help: `only these states, comma-separated (${SESSION_STATES.join(', ')})` },
      all: { type: 'boolean', help: 'include archived sessions' },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const project = stringOpt(a, 'project');
      const state = stringOpt(a, 'state');
      if (state !== undefined) {
        const bad = state.split(',').find((x) => !(SESSION_STATES as readonly string[]).includes(x));
        if (bad !== undefined) throw new UsageError(`--state: "${bad}" is not a session state (${SESSION_STATES.join(', ')})`);
      }
      const client = ctx.client();
      const res = await client.api.listSessions({
        query: {
          ...(project !== undefined ? { project } : {}),
          ...(state !== undefined ? { state } : {}),
          ...(boolOpt(a, 'all') ? { all: 'true' as const } : {}),
        },
      });
      if (ctx.json) {
        ctx.printJson(res);
        return 0;
      }
      if (res.sessions.length === 0) {
        ctx.out('no sessions');
        return 0;
      }
      const { projects } = await client.api.listProjects();
      const slugOf = new Map(projects.map((p) => [p.id, p.slug]));
      // Positions count every queued session, not only the listed ones: the daemon's queue says them.
      const positions = res.sessions.some((s) => s.state === 'queued')
        ? new Map((await client.api.getAdmission()).queue.map((q) => [q.sessionId, q.position]))
        : new Map<string, number>();
      ctx.out(
        table(
          ['ID', 'STATE', 'AGENT', 'ACTION', 'PROJECT', 'CREATED', 'TITLE'],
          res.sessions.map((s) => [
            s.id,
            stateCell(s, positions),
            s.agent,
            s.action,
            slugOf.get(s.projectId) ?? s.projectId,
            age(s.createdAt),
            truncate(s.title, 40),
          ]),
        ),
      );
      return 0;
    },
  },
  {
    words: ['sessions', 'show'],
    args: '<id>',
    summary: 'Show one session, its turns and pending permission requests',
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const d = await ctx.client().api.getSession({ params: { id: arg(a, 0) } });
      if (ctx.json) {
        ctx.printJson(sessionDetailJson(d));
        return 0;
      }
      ctx.out(sessionFacts(d.session));
      if (d.turns.length > 0) {
        ctx.out('\nturns:');
        ctx.out(
          table(
            ['#', 'STATE', 'STOP', 'PROMPT'],
            d.turns.map((t) => [String(t.index), t.state, t.stopReason ?? t.error ?? '-', truncate(t.prompt, 60)]),
          ),
        );
      }
      if (d.pendingPermissions.length > 0) ctx.io.stdout(`\n${pendingPermissionLines(d)}`);
      return 0;
    },
  },
  {
    words: ['followup'],
    args: '<id> <text>',
    summary: 'Send a follow-up prompt: a new turn in the same session',
    options: { ...waitOption },
    positionals: { min: 2, max: Infinity },
    async run(ctx, a) {
      const id = arg(a, 0);
      // Free text may come unquoted: `followup ID add a test`.
      const text = a.positionals.slice(1).join(' ');
      const send = () => ctx.client().api.followup({ params: { id }, body: { text } });
      if (!boolOpt(a, 'wait')) {
        const res = await send();
        if (ctx.json) ctx.printJson(res);
        else ctx.out(`turn #${res.turn.index} ${res.turn.state} in session ${res.session.id} (${res.session.state})`);
        return 0;
      }
      const detail = await waitForSession(ctx, id, {
        fromStart: false,
        action: async () => {
          const res = await send();
          if (!ctx.json) ctx.out(`turn #${res.turn.index} ${res.turn.state}`);
          return { turnId: res.turn.id };
        },
      });
      return reportSettled(ctx, detail);
    },
  },
];
