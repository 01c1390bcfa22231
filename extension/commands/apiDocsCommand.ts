// "Switchboard: Open API Docs": the daemon's read-only API docs page (Swagger UI over the OpenAPI
// document generated from its route table), opened in Simple Browser, else the system browser.
// The page takes a short-lived ticket, asked for through the typed client; its URL is re-rooted
// under `asExternalUri` of the daemon's root, as the desktop's is (desktopUrls.ts), so it opens
// from a remote window too (Remote-SSH, code-server) and the ticket stays out of the mapping.
import * as vscode from 'vscode';
import { daemonRootOf, externalPageUrl } from '../desktop/desktopUrls.js';
import { clientOf, registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { openInBrowser } from './portCommands.js';

export function registerApiDocsCommand(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.openApiDocs, async () => {
      const client = await clientOf(deps);
      const { pageUrl } = await client.api.apiDocsTicket();
      const root = await vscode.env.asExternalUri(vscode.Uri.parse(daemonRootOf(pageUrl)));
      const url = externalPageUrl(pageUrl, root.toString(true));
      const where = await openInBrowser(url);
      // Not the URL: it carries the ticket.
      deps.log.info(`opened the API docs in the ${where === 'simpleBrowser' ? 'Simple Browser' : 'system browser'}`);
      return url;
    }),
  ];
}
