// The tools that find and drive sessions: list projects and sessions, look at one, start one, send
// a follow-up, wait for it to need someone or finish, and answer a permission request.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ActionSchema, PermissionPolicySchema, SessionStateSchema } from '../../daemon/protocol/entities.js';
import { SettingValueSchema } from '../../daemon/protocol/settingsEntities.js';
import type { DaemonAccess } from './daemonAccess.js';
import { lastAgentMessage } from './sessionEvents.js';
import { changesView, detailView, permissionView, projectSlugs, projectView, sessionView } from './sessionViews.js';
import { waitForSettled } from './sessionWait.js';
import { addTool, plainError } from './toolKit.js';

export const WAIT_DEFAULT_SECONDS = 30;
export const WAIT_MAX_SECONDS = 300;

const sessionId = z.string().trim().min(1).describe('The session id (or its short id), from start_session or list_sessions');

export function registerSessionTools(server: McpServer, access: DaemonAccess): void {
  addTool(
    server,
    'list_projects',
    {
      title: 'List Switchboard projects',
      description: 'The git repositories registered with Switchboard. A session works in one of them, named by its slug.',
      input: z.object({}).strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      const { projects } = await access.client().api.listProjects();
      return { data: { projects: projects.map(projectView) } };
    },
  );

  addTool(
    server,
    'list_sessions',
    {
      title: 'List Switchboard sessions',
      description: 'Agent sessions, newest first: their state (running, waiting_for_user, completed, failed…), agent, action and project.',
      input: z
        .object({
          project: z.string().trim().min(1).optional().describe('Only this project (slug or id)'),
          states: z.array(SessionStateSchema).min(1).optional().describe('Only sessions in these states'),
          includeArchived: z.boolean().default(false).describe('Include archived sessions'),
        })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ project, states, includeArchived }) => {
      const client = access.client();
      const res = await client.api.listSessions({
        query: { ...(project !== undefined ? { project } : {}), ...(states ? { state: states.join(',') } : {}), ...(includeArchived ? { all: 'true' as const } : {}) },
      });
      const slugs = await projectSlugs(client);
      return { data: { sessions: res.sessions.map((s) => sessionView(s, slugs)) } };
    },
  );

  addTool(
    server,
    'get_session',
    {
      title: 'Show a Switchboard session',
      description: "One session: its state, turns, pending permission requests (with the options answer_permission takes), the files it changed, and its token use and cost.",
      input: z.object({ id: sessionId }).strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      const client = access.client();
      const d = await client.api.getSession({ params: { id } });
      const slugs = await projectSlugs(client);
      // Read-only actions have no worktree, and a pruned session none any more: no changes to list.
      let changes: Record<string, unknown> | null = null;
      if (d.session.worktreePath && !d.session.pruned) {
        changes = await client.api
          .listChanges({ params: { id: d.session.id }, query: {} })
          .then(changesView)
          .catch((err: unknown) => ({ unavailable: plainError(err) }));
      }
      return { data: { ...detailView(d, slugs), changes } };
    },
  );

  registerStartTool(server, access);
  registerTurnTools(server, access);
}

function registerStartTool(server: McpServer, access: DaemonAccess): void {
  addTool(
    server,
    'start_session',
    {
      title: 'Start a Switchboard session',
      description:
        'Hands a task to an agent (e.g. "demo", "claude", "codex") in a project: `implement` and `plan` get their own git worktree and branch; ' +
        '`analyze` and `review` read the project checkout. Returns at once; follow it with wait_for_session.',
      input: z
        .object({
          agent: z.string().trim().min(1).describe('The agent template name (list with `switchboard agents`)'),
          action: ActionSchema.describe('implement | plan | analyze | review'),
          project: z.string().trim().min(1).describe('The project slug (see list_projects)'),
          prompt: z.string().trim().min(1).max(200_000).describe('What the agent should do'),
          scopePath: z.string().optional().describe('A folder of the repository to focus on'),
          baseRef: z.string().trim().min(1).optional().describe('Start the worktree from this branch or commit instead of the default branch'),
          permissionPolicy: PermissionPolicySchema.optional().describe('Who answers the agent’s permission requests: ask (default: a person or answer_permission), allow-reads, allow-all'),
          model: z.string().trim().min(1).optional().describe('A model the agent offers'),
          mode: z.string().trim().min(1).optional().describe('A mode the agent offers (plan, read-only…)'),
          options: z.record(z.string().min(1), SettingValueSchema).optional().describe('Other agent options by id (reasoning_effort…)'),
        })
        .strict(),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args) => {
      const client = access.client();
      const { session } = await client.api.createSession({ body: args });
      const slugs = await projectSlugs(client);
      return { data: { session: sessionView(session, slugs), next: `wait_for_session with id ${session.id}` } };
    },
  );
}

function registerTurnTools(server: McpServer, access: DaemonAccess): void {
  addTool(
    server,
    'send_followup',
    {
      title: 'Send a follow-up to a Switchboard session',
      description: 'A new prompt in the same session (queued behind a running turn; an ended session starts its agent again). Follow it with wait_for_session.',
      input: z.object({ id: sessionId, text: z.string().trim().min(1).max(200_000).describe('The follow-up prompt') }).strict(),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async ({ id, text }) => {
      const client = access.client();
      const res = await client.api.followup({ params: { id }, body: { text } });
      const slugs = await projectSlugs(client);
      return { data: { session: sessionView(res.session, slugs), turn: { index: res.turn.index, state: res.turn.state } } };
    },
  );

  addTool(
    server,
    'wait_for_session',
    {
      title: 'Wait for a Switchboard session',
      description:
        'Waits until the session needs someone (waiting_for_user: answer its pendingPermissions with answer_permission) or has ended (completed, failed, stopped), ' +
        `at most timeoutSeconds (default ${WAIT_DEFAULT_SECONDS}, at most ${WAIT_MAX_SECONDS}). Answers its state, pending permissions and the agent's last message; timedOut says the time ran out first.`,
      input: z
        .object({
          id: sessionId,
          timeoutSeconds: z.number().int().min(1).max(WAIT_MAX_SECONDS).default(WAIT_DEFAULT_SECONDS).describe(`How long to wait, 1-${WAIT_MAX_SECONDS} seconds`),
        })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id, timeoutSeconds }, ctx) => {
      const { detail, timedOut } = await waitForSettled(access, id, {
        timeoutMs: timeoutSeconds * 1000,
        signal: ctx.signal,
        onEvent: (e) => ctx.progress(e.type),
      });
      const client = access.client();
      const slugs = await projectSlugs(client);
      const message = await lastAgentMessage(client, detail.session.id);
      return { data: { timedOut, ...detailView(detail, slugs), lastAgentMessage: message } };
    },
  );

  addTool(
    server,
    'answer_permission',
    {
      title: 'Answer a permission request',
      description:
        "Answers a session's pending permission request with one of its options (requestId and optionId from get_session or wait_for_session). " +
        'What an approved tool call does stays in the session’s own worktree until a merge.',
      input: z
        .object({
          id: sessionId,
          requestId: z.string().trim().min(1).describe('The pending request’s requestId'),
          optionId: z.string().trim().min(1).describe('One of the request’s options, e.g. allow_once or reject_once'),
        })
        .strict(),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async ({ id, requestId, optionId }) => {
      const { permission } = await access.client().api.answerPermission({ params: { id, requestId }, body: { optionId } });
      return { data: { permission: { ...permissionView(permission), state: permission.state, chosenOptionId: permission.chosenOptionId } } };
    },
  );
}
