// What every Switchboard MCP tool shares: zod-checked input (the SDK parses the arguments with the
// tool's schema before the handler runs, and answers a tool error naming the field otherwise), an
// answer as JSON text plus the same value as structured content, and one translation of every
// failure — a daemon refusal, no daemon at all, a tool that is turned off — into a tool error in
// plain words. A handler never throws past this: a bad call cannot take the server down.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { DaemonUnreachableError } from '../../daemon/protocol/client.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { NOT_RUNNING_MESSAGE } from '../discovery.js';

/** What a handler answers: `data` as structured content; `text` (default: `data` as JSON) for the model to read. */
export interface ToolAnswer {
  data: Record<string, unknown>;
  text?: string;
}

export interface ToolContext {
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** Tells a client that asked for progress that the call is still alive (clients may reset their timeout on it). */
  progress(message: string): void;
}

export interface ToolSpec<S extends z.ZodObject> {
  title: string;
  description: string;
  input: S;
  annotations: Omit<ToolAnnotations, 'title'>;
}

/** A refusal of the MCP server itself (not the daemon's): said to the model as it is. */
export class ToolRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolRefusal';
  }
}

export const ALLOW_DESTRUCTIVE_ENV = 'SWITCHBOARD_MCP_ALLOW_DESTRUCTIVE';

/** Merge and discard change the person's repository or drop an agent's work: off unless the person turned them on. */
export class DestructiveGate {
  constructor(readonly allowed: boolean) {}

  check(what: string): void {
    if (this.allowed) return;
    throw new ToolRefusal(
      `${what} is turned off for this MCP server: it changes your repository or throws work away, so a person has to allow it first. ` +
        'To allow it: in VS Code, turn on the setting `switchboard.mcp.allowDestructive`; from a shell, start the server with ' +
        `\`switchboard mcp --allow-destructive\` (or set ${ALLOW_DESTRUCTIVE_ENV}=1).`,
    );
  }
}

export function addTool<S extends z.ZodObject>(
  server: McpServer,
  name: string,
  spec: ToolSpec<S>,
  run: (args: z.output<S>, ctx: ToolContext) => Promise<ToolAnswer>,
): void {
  server.registerTool(
    name,
    // Registered as a plain object schema: the SDK's types cannot follow a generic one to its output.
    { title: spec.title, description: spec.description, inputSchema: spec.input as z.ZodObject, annotations: { title: spec.title, ...spec.annotations } },
    async (args: unknown, extra): Promise<CallToolResult> => {
      const token = extra._meta?.progressToken;
      let step = 0;
      const ctx: ToolContext = {
        signal: extra.signal,
        progress: (message) => {
          if (token === undefined) return;
          step++;
          extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: step, message } }).catch(() => undefined);
        },
      };
      try {
        // The SDK has parsed `args` with `spec.input` already.
        return answerResult(await run(args as z.output<S>, ctx));
      } catch (err) {
        return errorResult(err);
      }
    },
  );
}

function answerResult(answer: ToolAnswer): CallToolResult {
  return { content: [{ type: 'text', text: answer.text ?? JSON.stringify(answer.data, null, 2) }], structuredContent: answer.data };
}

export function errorResult(err: unknown): CallToolResult {
  return { content: [{ type: 'text', text: plainError(err) }], isError: true };
}

/** Any failure in words a model (and the person reading over its shoulder) can act on. */
export function plainError(err: unknown): string {
  if (err instanceof ToolRefusal) return err.message;
  if (err instanceof DaemonUnreachableError) return `Switchboard is not reachable: ${NOT_RUNNING_MESSAGE} (${err.message}).`;
  // `unavailable`: no daemon answers (not running, or too slow), which is no refusal.
  if (SwitchboardError.is(err, 'unavailable')) return `Switchboard is not available: ${err.message}.`;
  if (err instanceof SwitchboardError) return `Switchboard refused: ${refusalText(err)} [${err.code}]`;
  return `Switchboard's MCP server failed: ${err instanceof Error ? err.message : String(err)}`;
}

/** The daemon's message, with the field at fault, the session's state and a merge's blocker when it names them. */
function refusalText(err: SwitchboardError): string {
  let text = err.message;
  if (err.field !== undefined && !text.startsWith(`${err.field}:`)) text += ` (field: ${err.field})`;
  const state = err.details?.['state'];
  if (typeof state === 'string' && !text.includes(state) && !text.includes(state.replace(/_/g, ' '))) text += ` (the session is ${state})`;
  const reason = err.details?.['reason'];
  if (typeof reason === 'string' && !text.includes(reason)) text += ` (reason: ${reason})`;
  return text;
}
