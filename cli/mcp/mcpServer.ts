// `switchboard mcp`: Switchboard as an MCP server over stdio, so a chat agent (VS Code's, or an
// agent Switchboard itself runs) can hand work to the fleet and review it. It is a client of the
// daemon like the rest of the CLI — the typed client and the event stream — and lives only as long
// as its MCP client keeps its stdin open. Nothing of it runs in the daemon.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { SWITCHBOARD_VERSION } from '../../daemon/protocol/version.js';
import type { DaemonAccess } from './daemonAccess.js';
import { registerReviewTools } from './reviewTools.js';
import { registerSessionTools } from './sessionTools.js';
import { DestructiveGate } from './toolKit.js';
import { registerTranscriptResource } from './transcriptResource.js';

const INSTRUCTIONS = [
  'Agent Switchboard runs coding agents in isolated git worktrees of registered projects.',
  'Typical flow: list_projects → start_session → wait_for_session; when it is waiting_for_user, answer its pendingPermissions with',
  'answer_permission and wait again; once completed, read get_changes / get_diff, then merge_session (a dry run by default) or',
  'send_followup. Transcripts are resources: switchboard://sessions/{id}/transcript.',
].join(' ');

export interface McpServerOptions {
  access: DaemonAccess;
  /** Merge for real and discard answer a tool error unless this is set. */
  allowDestructive: boolean;
}

export function createMcpServer(opts: McpServerOptions): McpServer {
  const server = new McpServer({ name: 'agent-switchboard', title: 'Agent Switchboard', version: SWITCHBOARD_VERSION }, { instructions: INSTRUCTIONS });
  registerSessionTools(server, opts.access);
  registerReviewTools(server, opts.access, new DestructiveGate(opts.allowDestructive));
  registerTranscriptResource(server, opts.access);
  return server;
}

export interface ServeOptions extends McpServerOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where the server's own trouble goes: never stdout, which carries the protocol. */
  log(text: string): void;
}

/** Serves until the client closes our stdin (or the transport closes). */
export async function serveMcp(opts: ServeOptions): Promise<void> {
  const server = createMcpServer(opts);
  // The SDK's types name Node's process streams; any readable and writable stream does.
  const transport = new StdioServerTransport(opts.input as typeof process.stdin, opts.output as typeof process.stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  server.server.onerror = (err) => opts.log(`switchboard mcp: ${err.message}\n`);
  await server.connect(transport);
  // The stdio transport does not notice the end of its input by itself.
  const end = () => void server.close().catch(() => undefined);
  opts.input.once('end', end);
  opts.input.once('close', end);
  await closed;
}
