// Artifacts as read-only documents (`switchboard-artifact:` URIs): the text comes from the
// daemon's getArtifact route on demand, never from the state dir's files or temp files; VS Code
// keeps documents of a content provider read-only. An artifact is written once, so an open one
// never needs reloading; a gone one (its session deleted) says so instead of failing.
import * as vscode from 'vscode';
import type { Artifact } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { DaemonConnection } from '../daemonConnection.js';
import { ARTIFACT_LANGUAGE, decodeArtifactUri, encodeArtifactUri } from './artifactUris.js';

export function artifactUri(a: Pick<Artifact, 'id' | 'sessionId' | 'path' | 'kind'>, shortId: string): vscode.Uri {
  return vscode.Uri.from(encodeArtifactUri(a, shortId));
}

export class ArtifactContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly connection: DaemonConnection) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = decodeArtifactUri(uri);
    if (!ref) throw new Error(`not a Switchboard artifact URI: ${uri.toString()}`);
    const client = await this.connection.whenUp(10_000);
    try {
      const { content, truncated } = await client.api.getArtifact({ params: { id: ref.artifactId } });
      return truncated ? `${content}\n\n(… cut here: the artifact is larger than the daemon serves)\n` : content;
    } catch (err) {
      if (SwitchboardError.is(err, 'not_found')) return `This artifact is gone (${err.message}).\n`;
      throw err;
    }
  }
}

/** Opens an artifact as a read-only document in the language of its kind. */
export async function openArtifact(a: Artifact, shortId: string): Promise<vscode.TextEditor> {
  let doc = await vscode.workspace.openTextDocument(artifactUri(a, shortId));
  const language = ARTIFACT_LANGUAGE[a.kind];
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language).then((d) => d, () => doc);
  return vscode.window.showTextDocument(doc, { preview: true });
}
