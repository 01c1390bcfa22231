// The contract between the chat panel's host (extension/chat) and its webview: one zod schema per
// message, shared by both sides, so neither trusts what crosses postMessage. Zod and protocol
// types only: this file is bundled into the browser and loaded by the extension host.
//
// Three kinds, as everywhere in this codebase:
// - notifications (no reply): `ready` one way; `init`, `events`, `live`, `state`, `fleet`, `error`, `reset` the other;
// - requests (webview → host, carry `id`), each answered by exactly one `result` with that id.
import { z } from 'zod';
import { ElicitationActionSchema, ElicitationContentSchema } from '../../daemon/protocol/elicitationEntities.js';
import { SessionSchema } from '../../daemon/protocol/entities.js';
import { PortLeaseSchema, SetupStatusSchema } from '../../daemon/protocol/fleetEntities.js';
import { AnyEventSchema } from '../../daemon/protocol/events.js';
import { SettingsRequestSchema } from '../../daemon/protocol/settingsEntities.js';

const requestId = z.number().int().nonnegative();
const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** What the webview sends. */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /**
   * The document loaded and wants the session from `lastSeq` on (0 for a fresh document).
   * `clientId` is new per document load; the host echoes it in `init` so the webview can ignore
   * posts meant for a previous load of itself.
   */
  z.object({ type: z.literal('ready'), clientId: z.string().min(1).max(100), lastSeq: z.number().int().nonnegative() }).strict(),
  z.object({ type: z.literal('followup'), id: requestId, text: nonEmpty.max(200_000) }).strict(),
  z.object({ type: z.literal('cancel'), id: requestId }).strict(),
  z.object({ type: z.literal('answerPermission'), id: requestId, requestId: nonEmpty, optionId: nonEmpty }).strict(),
  /** A path the session's events named (absolute inside the worktree, or relative to it). */
  z.object({ type: z.literal('openFile'), id: requestId, path: nonEmpty.max(4096), line: z.number().int().nonnegative().nullable() }).strict(),
  /** A model, mode or option picked in the header (PATCH …/config); the answer's `note` says when it applies. */
  z.object({ type: z.literal('setConfig'), id: requestId, change: SettingsRequestSchema }).strict(),
  z
    .object({
      type: z.literal('answerElicitation'),
      id: requestId,
      requestId: nonEmpty,
      action: ElicitationActionSchema,
      content: ElicitationContentSchema.optional(),
    })
    .strict(),
  /** "Log in" on a session waiting with `auth_required`: the host runs its login command for this session. */
  z.object({ type: z.literal('login'), id: requestId }).strict(),
  /** A port link in the header: the host opens http://127.0.0.1:<port> (Simple Browser, else the system browser). */
  z.object({ type: z.literal('openPort'), id: requestId, port: z.number().int().min(1).max(65535) }).strict(),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;
export type WebviewRequest = Exclude<WebviewMessage, { type: 'ready' }>;
export type WebviewRequestType = WebviewRequest['type'];

export const CONNECTION_STATES = ['connecting', 'live', 'down'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** What the host sends. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  /** First answer to `ready`: the session as it is now; history follows as `events`. */
  z.object({
    type: z.literal('init'),
    clientId: z.string(),
    sessionId: z.string(),
    session: SessionSchema.nullable(),
    connection: z.enum(CONNECTION_STATES),
  }),
  /** Events of this session in seq order, no seq repeated within one load of the webview. */
  z.object({ type: z.literal('events'), events: z.array(AnyEventSchema) }),
  /** History up to `lastSeq` has been sent; what follows is live. */
  z.object({ type: z.literal('live'), lastSeq: z.number().int().nonnegative() }),
  /** The session snapshot or the daemon connection changed outside the event flow. */
  z.object({ type: z.literal('state'), session: SessionSchema.nullable(), connection: z.enum(CONNECTION_STATES) }),
  /**
   * The session's place in the fleet, as the window's Sessions tree knows it: its position in the
   * admission queue (computed from all sessions, which the webview does not have), its ports and
   * its setup progress. Sent after `init` and whenever one of them changes.
   */
  z.object({
    type: z.literal('fleet'),
    queuePosition: z.number().int().min(1).nullable(),
    ports: z.array(PortLeaseSchema),
    setup: SetupStatusSchema.nullable(),
  }),
  /** The answer to one request; `note` is said beside a success (a setting that applies at the next prompt). */
  z.object({ type: z.literal('result'), id: requestId, ok: z.boolean(), message: z.string().optional(), note: z.string().optional() }),
  /** Something failed that no request is waiting for (a malformed message, history that would not load). */
  z.object({ type: z.literal('error'), message: z.string() }),
  /** The daemon's event log was replaced (seqs start over): drop the model and send `ready` again. */
  z.object({ type: z.literal('reset') }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** The first problem in a message that failed its schema, in words for a log or an error answer. */
export function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid message';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}
