// Offers Switchboard's MCP server to VS Code's chat (`vscode.lm.registerMcpServerDefinitionProvider`,
// stable since VS Code 1.101). The extension still supports older VS Code (engines ^1.90, and
// @types/vscode 1.90 has no MCP types), so the API is found at run time through the narrow type
// below: where it is missing, nothing is registered and the log says why.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../settings.js';
import { MCP_PROVIDER_ID, mcpServerLaunch } from './mcpServerLaunch.js';

/** The setting (under `switchboard.`) that lets the chat merge for real and discard. */
export const ALLOW_DESTRUCTIVE_KEY = 'mcp.allowDestructive';

/** What this file uses of the VS Code ≥ 1.101 API. */
interface McpStdioDefinitionCtor {
  new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string): object;
}
interface McpApi {
  McpStdioServerDefinition: McpStdioDefinitionCtor;
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<object[]> },
  ): vscode.Disposable;
}

function mcpApi(): McpApi | null {
  const v = vscode as unknown as { McpStdioServerDefinition?: unknown; lm?: { registerMcpServerDefinitionProvider?: unknown } };
  const register = v.lm?.registerMcpServerDefinitionProvider;
  if (typeof v.McpStdioServerDefinition !== 'function' || typeof register !== 'function') return null;
  return {
    McpStdioServerDefinition: v.McpStdioServerDefinition as McpStdioDefinitionCtor,
    registerMcpServerDefinitionProvider: (id, provider) => (register as McpApi['registerMcpServerDefinitionProvider']).call(v.lm, id, provider),
  };
}

export interface McpProviderDeps {
  context: vscode.ExtensionContext;
  stateDir: string;
  version: string;
  log: vscode.LogOutputChannel;
}

/** Registers the provider where VS Code has the API; the disposables to push to the context. */
export function registerMcpServer(deps: McpProviderDeps): vscode.Disposable[] {
  const api = mcpApi();
  if (!api) {
    deps.log.info(`VS Code ${vscode.version} has no MCP server API (1.101 or newer has it): Switchboard's MCP server is not offered to the chat; \`switchboard mcp\` still works from a shell.`);
    return [];
  }
  const changed = new vscode.EventEmitter<void>();
  const provider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const launch = mcpServerLaunch({
        nodePath: process.execPath,
        cliPath: deps.context.asAbsolutePath('dist/cli.cjs'),
        stateDir: deps.stateDir,
        allowDestructive: vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>(ALLOW_DESTRUCTIVE_KEY, false),
        version: deps.version,
      });
      return [new api.McpStdioServerDefinition(launch.label, launch.command, launch.args, launch.env, launch.version)];
    },
  };
  return [
    changed,
    api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    // A changed setting changes the command line: VS Code asks again and restarts the server.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.${ALLOW_DESTRUCTIVE_KEY}`)) changed.fire();
    }),
  ];
}
