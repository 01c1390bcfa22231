// How VS Code starts Switchboard's MCP server: the CLI bundle shipped in the extension, run by the
// Node of the extension host, on this window's state dir. Free of `vscode` so tests run the very
// command line the extension hands over. The provider id is declared in package.json
// (`contributes.mcpServerDefinitionProviders`), where VS Code looks it up.
export const MCP_PROVIDER_ID = 'switchboard';
export const MCP_SERVER_LABEL = 'Agent Switchboard';

export interface McpLaunchInput {
  /** The Node that runs the CLI: the extension host's own (`process.execPath`). */
  nodePath: string;
  /** `<extension>/dist/cli.cjs`. */
  cliPath: string;
  /** The state dir this window's daemon uses: the server finds the daemon through its discovery file. */
  stateDir: string;
  /** `switchboard.mcp.allowDestructive`. */
  allowDestructive: boolean;
  /** The extension's version: a new one makes VS Code restart the server. */
  version: string;
}

export interface McpLaunch {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Changes whenever the command line does, so VS Code starts the server anew. */
  version: string;
}

export function mcpServerLaunch(i: McpLaunchInput): McpLaunch {
  return {
    label: MCP_SERVER_LABEL,
    command: i.nodePath,
    args: [i.cliPath, '--home', i.stateDir, 'mcp', ...(i.allowDestructive ? ['--allow-destructive'] : [])],
    // Desktop VS Code's extension host is Electron: its binary runs scripts as Node only when told.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    version: `${i.version}${i.allowDestructive ? '+destructive' : ''}`,
  };
}
