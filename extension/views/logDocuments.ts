// Session logs as read-only documents (`switchboard-log:` URIs) served from the daemon's
// log-tail route: no temp files, and "Show Logs" again re-reads the tail.
import * as vscode from 'vscode';
import type { DaemonConnection } from '../daemonConnection.js';
import { errorMessage } from '../util/logger.js';

export const LOG_SCHEME = 'switchboard-log';
const TAIL_LINES = 2_000;

export function logUri(sessionId: string, shortId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${shortId}.log`, query: `session=${encodeURIComponent(sessionId)}` });
}

export class LogDocumentProvider implements vscode.TextDocumentContentProvider {
  readonly #onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#onDidChange.event;

  constructor(private readonly connection: DaemonConnection) {}

  refresh(uri: vscode.Uri): void {
    this.#onDidChange.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = new URLSearchParams(uri.query).get('session');
    if (!id) return 'No session named in this address.';
    const client = this.connection.client;
    if (!client) return 'The Switchboard daemon is not running.';
    try {
      const tail = await client.api.logTail({ params: { id }, query: { lines: TAIL_LINES } });
      const header = `# ${tail.path} (last ${TAIL_LINES} lines; run "Show Logs" again to refresh)\n`;
      return header + (tail.lines.length > 0 ? tail.lines.join('\n') : '(the agent has not written anything yet)') + '\n';
    } catch (err) {
      return `Could not read the log: ${errorMessage(err)}`;
    }
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
