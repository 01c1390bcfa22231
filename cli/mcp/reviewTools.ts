// The review tools: what a session changed, its diff, and landing or dropping its work. Merge is a
// dry run unless asked otherwise, and the real merge and discard pass the destructive gate: they
// change the person's repository (a new commit on their branch, their checkout's files) or throw
// an agent's work away, which a model must not do unless the person turned it on.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MergeStrategySchema } from '../../daemon/protocol/reviewEntities.js';
import type { DaemonAccess } from './daemonAccess.js';
import { changesView, projectSlugs, sessionView } from './sessionViews.js';
import { addTool, type DestructiveGate } from './toolKit.js';

/** Past this a diff is cut (the model's context is the limit); get_diff with `path` shows one file whole. */
export const DIFF_MAX_CHARS = 100_000;

const sessionId = z.string().trim().min(1).describe('The session id (or its short id)');
const turn = z.number().int().min(0).optional().describe('Only what this turn (0-based index) changed; default: the whole session');

export function registerReviewTools(server: McpServer, access: DaemonAccess, gate: DestructiveGate): void {
  addTool(
    server,
    'get_changes',
    {
      title: 'List the files a session changed',
      description: "The files the session's agent added, modified, deleted or renamed against the session's base, with line counts.",
      input: z.object({ id: sessionId, turn }).strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id, turn: t }) => {
      const changes = await access.client().api.listChanges({ params: { id }, query: t !== undefined ? { turn: t } : {} });
      return { data: changesView(changes) };
    },
  );

  addTool(
    server,
    'get_diff',
    {
      title: "Show a session's diff",
      description: `The unified diff of the session's changes (one file with \`path\`), as \`git apply\` takes it; cut after ${DIFF_MAX_CHARS} characters.`,
      input: z.object({ id: sessionId, path: z.string().min(1).max(4096).optional().describe('A repository-relative file path'), turn }).strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id, path, turn: t }) => {
      const d = await access.client().api.getDiff({ params: { id }, query: { ...(path !== undefined ? { path } : {}), ...(t !== undefined ? { turn: t } : {}) } });
      const truncated = d.diff.length > DIFF_MAX_CHARS;
      const diff = truncated ? `${d.diff.slice(0, DIFF_MAX_CHARS)}\n… (cut: ${d.diff.length} characters in all; ask for one file with path)\n` : d.diff;
      return { data: { path: d.path, turn: d.turn, from: d.from, to: d.to, truncated, diff }, text: diff === '' ? '(no changes)' : diff };
    },
  );

  registerMergeTool(server, access, gate);

  addTool(
    server,
    'discard_session',
    {
      title: "Discard a session's changes",
      description:
        "Throws away everything the session's agent changed in its worktree (a backup ref keeps the commits). Needs destructive tools allowed (switchboard.mcp.allowDestructive).",
      input: z.object({ id: sessionId }).strict(),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      gate.check('discard_session');
      const client = access.client();
      const res = await client.api.discardSession({ params: { id } });
      const slugs = await projectSlugs(client);
      return { data: { files: res.files, baseCommit: res.baseCommit, backupRef: res.backupRef, backupCommit: res.backupCommit, session: sessionView(res.session, slugs) } };
    },
  );
}

/** Merge: a dry run by default (any client may ask what would happen); for real only past the gate. */
function registerMergeTool(server: McpServer, access: DaemonAccess, gate: DestructiveGate): void {
  addTool(
    server,
    'merge_session',
    {
      title: "Merge a session's work",
      description:
        "Lands the session's changes on its base branch (or `into`). By default a dry run: says whether it can merge, what blocks it (conflicts, uncommitted files), " +
        'the files and the commit message. With dryRun false it merges for real, which needs destructive tools allowed (switchboard.mcp.allowDestructive).',
      input: z
        .object({
          id: sessionId,
          dryRun: z.boolean().default(true).describe('true (default): only report what a merge would do'),
          strategy: MergeStrategySchema.optional().describe('squash (default): one new commit; merge: a merge commit'),
          into: z.string().trim().min(1).optional().describe('The branch to merge into; default: the session’s base branch'),
          message: z.string().max(100_000).optional().describe('The commit message; default: from the prompts and the plan'),
        })
        .strict(),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async ({ id, dryRun, strategy, into, message }) => {
      const client = access.client();
      if (dryRun) {
        const p = await client.api.mergePreview({ params: { id }, query: { ...(strategy ? { strategy } : {}), ...(into ? { into } : {}) } });
        const { sessionId: _sessionId, ...preview } = p;
        return { data: { dryRun: true, ...preview, ...(gate.allowed ? {} : { note: 'A real merge (dryRun false) is turned off until a person allows destructive tools.' }) } };
      }
      gate.check('merge_session with dryRun false');
      const res = await client.api.mergeSession({ params: { id }, body: { ...(strategy ? { strategy } : {}), ...(into ? { into } : {}), ...(message !== undefined ? { message } : {}) } });
      const slugs = await projectSlugs(client);
      return {
        data: { dryRun: false, into: res.into, strategy: res.strategy, commit: res.commit, previousTip: res.previousTip, files: res.files, checkout: res.checkout, session: sessionView(res.session, slugs) },
      };
    },
  );
}
