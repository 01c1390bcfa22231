// The URIs of artifacts opened as documents: `switchboard-artifact:/<short id>/turn-1-diff.patch?id=…`,
// served read-only by the ArtifactContentProvider from the daemon (never from the state dir's
// files). The path ends in the artifact's own file name, so the editor's tab says what it is and
// picks the language from the extension (`.md`: Markdown, `.patch`: Diff). Pure (no `vscode`).
import type { Artifact } from '../../daemon/protocol/entities.js';
import type { UriParts } from '../review/reviewUris.js';

export const ARTIFACT_SCHEME = 'switchboard-artifact';

/** The language each kind is shown in (set explicitly too, in case an extension is unknown). */
export const ARTIFACT_LANGUAGE: Record<Artifact['kind'], string> = {
  transcript: 'markdown',
  plan: 'markdown',
  diff: 'diff',
  log: 'log',
  file: 'plaintext',
};

export interface ArtifactRef {
  artifactId: string;
  sessionId: string;
}

/** The file name of the artifact (`turn-1-transcript.md`), whatever the platform's separator. */
export function artifactFileName(a: Pick<Artifact, 'path' | 'kind'>): string {
  return a.path.split(/[\\/]/).pop() || `${a.kind}.txt`;
}

export function encodeArtifactUri(a: Pick<Artifact, 'id' | 'sessionId' | 'path' | 'kind'>, shortId: string): UriParts {
  const query = new URLSearchParams({ id: a.id, session: a.sessionId }).toString();
  return { scheme: ARTIFACT_SCHEME, path: `/${shortId}/${artifactFileName(a)}`, query };
}

/** What an artifact URI names, or null for anything else. */
export function decodeArtifactUri(uri: UriParts): ArtifactRef | null {
  if (uri.scheme !== ARTIFACT_SCHEME) return null;
  const q = new URLSearchParams(uri.query);
  const artifactId = q.get('id');
  const sessionId = q.get('session');
  return artifactId && sessionId ? { artifactId, sessionId } : null;
}

/** `Turn 2`, or `Session` for artifacts of no turn. */
export function artifactTurnLabel(turnIndex: number | null): string {
  return turnIndex === null ? 'Session' : `Turn ${turnIndex + 1}`;
}
