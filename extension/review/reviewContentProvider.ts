// The read-only sides of review diffs (`switchboard-base:` URIs): a file at the session's base
// or before a turn (`getBaseFile`), at a turn's checkpoint (`getCheckpointFile`), or nothing.
// Served from the daemon on demand, never written to temp files; VS Code keeps such documents
// read-only. A path that did not exist on that side (404) is an empty document, which is what a
// diff of an added file shows.
import * as vscode from 'vscode';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { FileContent } from '../../daemon/protocol/reviewEntities.js';
import type { DaemonConnection } from '../daemonConnection.js';
import { Disposable } from '../util/disposable.js';
import { BASE_SCHEME, decodeContentUri, encodeContentUri, type ContentRef } from './reviewUris.js';

export function contentUri(ref: ContentRef): vscode.Uri {
  return vscode.Uri.from(encodeContentUri(ref));
}

/** What a document shows for a file's content: its text, or a line saying why there is none. */
export function documentText(file: FileContent): string {
  if (file.encoding === 'utf8') return file.content;
  if (file.mode === '160000') return `(submodule at ${file.content})\n`;
  return `(binary file, ${file.size} bytes: not shown)\n`;
}

export class ReviewContentProvider extends Disposable implements vscode.TextDocumentContentProvider {
  readonly #connection: DaemonConnection;
  readonly #onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.#onDidChange.event;

  constructor(connection: DaemonConnection) {
    super();
    this.#connection = connection;
    // A discard removes checkpoints and a new turn may replace one: open sides of that session reload.
    this._register(
      connection.onEvent((e) => {
        if (e.sessionId && (e.type === 'review.discarded' || e.type === 'review.checkpoint_created')) this.refreshSession(e.sessionId);
      }),
    );
  }

  /** Re-reads every open document of a session. */
  refreshSession(sessionId: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === BASE_SCHEME && decodeContentUri(doc.uri)?.sessionId === sessionId) this.#onDidChange.fire(doc.uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = decodeContentUri(uri);
    if (!ref) throw new Error(`not a Switchboard review URI: ${uri.toString()}`);
    if (ref.side === 'empty') return '';
    const client = await this.#connection.whenUp(10_000);
    try {
      const file =
        ref.side === 'checkpoint'
          ? await client.api.getCheckpointFile({ params: { id: ref.sessionId }, query: { path: ref.path, turn: ref.turn! } })
          : await client.api.getBaseFile({ params: { id: ref.sessionId }, query: ref.turn === null ? { path: ref.path } : { path: ref.path, turn: ref.turn } });
      return documentText(file);
    } catch (err) {
      if (SwitchboardError.is(err, 'not_found') && err.field === 'path') return '';
      throw err;
    }
  }
}
