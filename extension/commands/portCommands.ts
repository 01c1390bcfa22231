// "Open Session Port in Browser": a session's leased port (where its dev server listens, issue 11)
// opened as http://127.0.0.1:<port> in VS Code's Simple Browser, or in the system browser where
// Simple Browser is not available. From the tree's context menu, the palette, or a port link in
// the chat header (`{ sessionId, port }`).
import * as vscode from 'vscode';
import type { Session } from '../../daemon/protocol/entities.js';
import type { PortLease } from '../../daemon/protocol/fleetEntities.js';
import { orderedPorts, portUrl } from '../model/fleetPresentation.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { resolveSession } from './pickers.js';
import { portFromArg } from './sessionArgs.js';

/** The built-in Simple Browser's command; absent in some hosts (then the system browser opens). */
const SIMPLE_BROWSER = 'simpleBrowser.show';

interface PortPick extends vscode.QuickPickItem {
  port: number;
}

/** The one port there is, the one asked for, or the one the person picks (named ones first). */
async function choosePort(s: Session, asked: number | null): Promise<number | undefined> {
  const ports: PortLease[] = orderedPorts(s.ports);
  if (asked !== null) return asked;
  if (ports.length === 0) {
    void vscode.window.showInformationMessage(`"${sessionTitle(s)}" holds no ports.`);
    return undefined;
  }
  if (ports.length === 1) return ports[0]!.port;
  const items: PortPick[] = ports.map((p) => ({
    label: String(p.port),
    description: p.name ?? undefined,
    detail: portUrl(p.port),
    port: p.port,
  }));
  return (await vscode.window.showQuickPick(items, { placeHolder: `Open which port of "${sessionTitle(s)}"?` }))?.port;
}

/**
 * Simple Browser when this VS Code has it, else the system browser. Its command is asked for
 * directly, not looked up first: until the built-in extension activates (on this very command),
 * `getCommands` does not list it.
 */
export async function openInBrowser(url: string): Promise<'simpleBrowser' | 'external'> {
  try {
    await vscode.commands.executeCommand(SIMPLE_BROWSER, url);
    return 'simpleBrowser';
  } catch {
    // No Simple Browser in this host (or it is disabled).
    await vscode.env.openExternal(vscode.Uri.parse(url));
    return 'external';
  }
}

export function registerPortCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.openSessionPort, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'ports', 'Open a port of which session?');
      if (!s) return undefined;
      const port = await choosePort(s, portFromArg(arg));
      if (port === undefined) return undefined;
      const url = portUrl(port);
      const where = await openInBrowser(url);
      deps.log.info(`opened ${url} of session ${s.shortId} (${where === 'simpleBrowser' ? 'Simple Browser' : 'system browser'})`);
      return url;
    }),
  ];
}
