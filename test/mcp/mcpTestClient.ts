// An MCP client for tests: the MCP SDK's own Client over stdio, spawning the built CLI's
// `switchboard mcp` with the command line the VS Code extension hands over
// (extension/mcp/mcpServerLaunch.ts), so the tests run what VS Code runs.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mcpServerLaunch } from '../../extension/mcp/mcpServerLaunch.js';
import { CLI_BUNDLE } from '../support/daemonHarness.js';

export interface ToolOutcome {
  isError: boolean;
  /** The text content, joined. */
  text: string;
  /** The structured content (empty for errors). */
  data: Record<string, unknown>;
}

export class McpTestClient {
  private constructor(
    readonly client: Client,
    private readonly transport: StdioClientTransport,
    private readonly errText: { text: string },
  ) {}

  /** `switchboard mcp` on `stateDir`'s daemon, as the extension would start it. */
  static async start(stateDir: string, opts: { allowDestructive?: boolean; env?: Record<string, string> } = {}): Promise<McpTestClient> {
    const launch = mcpServerLaunch({ nodePath: process.execPath, cliPath: CLI_BUNDLE, stateDir, allowDestructive: opts.allowDestructive ?? false, version: 'test' });
    const transport = new StdioClientTransport({ command: launch.command, args: launch.args, env: { ...launch.env, ...opts.env }, stderr: 'pipe' });
    const errText = { text: '' };
    transport.stderr?.on('data', (d: Buffer) => (errText.text += d.toString()));
    const client = new Client({ name: 'switchboard-test', version: '1.0.0' });
    await client.connect(transport);
    return new McpTestClient(client, transport, errText);
  }

  /** What the server wrote on stderr (never on stdout, which carries the protocol). */
  get stderr(): string {
    return this.errText.text;
  }

  get pid(): number | null {
    return this.transport.pid;
  }

  async call(name: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<ToolOutcome> {
    const res = (await this.client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs })) as CallToolResult;
    const text = res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    return { isError: res.isError === true, text, data: (res.structuredContent ?? {}) as Record<string, unknown> };
  }

  /** The call's structured answer; fails the test with the server's words when it answered an error. */
  async ok<T = Record<string, unknown>>(name: string, args: Record<string, unknown> = {}, timeoutMs?: number): Promise<T> {
    const r = await this.call(name, args, timeoutMs);
    if (r.isError) throw new Error(`${name} answered an error: ${r.text}\nserver stderr: ${this.stderr}`);
    return r.data as T;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
