// The URIs of review: pure (no `vscode` import) so encoding and decoding are unit-tested.
// - `switchboard-base:/src/app.ts?session=…&side=base[&turn=N]` — a read-only side of a diff,
//   served by the ReviewContentProvider: the file at the session's base (or before turn N),
//   at turn N's checkpoint (`side=checkpoint`), or nothing (`side=empty`: the left side of an
//   added file, the right side of a deleted one). The path is the repository path, so the
//   editor picks the language from its extension.
// - `switchboard-change:/src/app.ts?session=…&status=M` — the identity of a changed-file node in
//   the Sessions view. Nothing opens it; it exists so the file decorations (A/M/D/R badges and
//   colours) apply to our tree items and nowhere else.
import type { Session } from '../../daemon/protocol/entities.js';
import type { ChangeStatus, ChangedFile, Revision } from '../../daemon/protocol/reviewEntities.js';
import { CHANGE_STATUSES } from '../../daemon/protocol/reviewEntities.js';

export const BASE_SCHEME = 'switchboard-base';
export const CHANGE_SCHEME = 'switchboard-change';

/** The parts of a URI we build and read (what `vscode.Uri.from` takes and a `vscode.Uri` has). */
export interface UriParts {
  scheme: string;
  path: string;
  query: string;
}

export type ContentSide = 'base' | 'checkpoint' | 'empty';

/** What a `switchboard-base:` URI names. */
export interface ContentRef {
  sessionId: string;
  /** Repository-relative, `/`-separated. */
  path: string;
  side: ContentSide;
  /** `base`: before turn N (null: the session's base); `checkpoint`: turn N's checkpoint. */
  turn: number | null;
}

/** What a `switchboard-change:` URI names: a changed file, or (status null) a folder of them. */
export interface ChangeRef {
  sessionId: string;
  path: string;
  status: ChangeStatus | null;
}

const STATUS_LETTER: Record<ChangeStatus, string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
const LETTER_STATUS = new Map(CHANGE_STATUSES.map((s) => [STATUS_LETTER[s], s] as const));

export function statusLetter(status: ChangeStatus): string {
  return STATUS_LETTER[status];
}

function toPath(repoPath: string): string {
  return `/${repoPath.replace(/^\/+/, '')}`;
}

function fromPath(uriPath: string): string {
  return uriPath.replace(/^\//, '');
}

function turnOf(value: string | null): number | null | undefined {
  if (value === null || value === '') return null;
  if (!/^\d+$/.test(value)) return undefined;
  return Number(value);
}

export function encodeContentUri(ref: ContentRef): UriParts {
  const q = new URLSearchParams({ session: ref.sessionId, side: ref.side });
  if (ref.turn !== null) q.set('turn', String(ref.turn));
  return { scheme: BASE_SCHEME, path: toPath(ref.path), query: q.toString() };
}

export function decodeContentUri(uri: UriParts): ContentRef | null {
  if (uri.scheme !== BASE_SCHEME) return null;
  const q = new URLSearchParams(uri.query);
  const sessionId = q.get('session');
  const side = q.get('side');
  const turn = turnOf(q.get('turn'));
  const path = fromPath(uri.path);
  if (!sessionId || path === '' || turn === undefined) return null;
  if (side !== 'base' && side !== 'checkpoint' && side !== 'empty') return null;
  if (side === 'checkpoint' && turn === null) return null;
  return { sessionId, path, side, turn };
}

export function encodeChangeUri(ref: ChangeRef): UriParts {
  const q = new URLSearchParams({ session: ref.sessionId });
  if (ref.status) q.set('status', STATUS_LETTER[ref.status]);
  return { scheme: CHANGE_SCHEME, path: toPath(ref.path), query: q.toString() };
}

export function decodeChangeUri(uri: UriParts): ChangeRef | null {
  if (uri.scheme !== CHANGE_SCHEME) return null;
  const q = new URLSearchParams(uri.query);
  const sessionId = q.get('session');
  const letter = q.get('status');
  const path = fromPath(uri.path);
  if (!sessionId || path === '') return null;
  if (letter === null) return { sessionId, path, status: null };
  const status = LETTER_STATUS.get(letter);
  return status ? { sessionId, path, status } : null;
}

/** One side of a diff editor: a read-only document of ours, or the real file in the worktree. */
export type DiffSide = { kind: 'content'; ref: ContentRef } | { kind: 'worktree'; path: string };

/**
 * The two sides of a changed file's diff. Whole session (`turn` null): the base → the worktree
 * file (editable, so review comments attach to the agent's side). One turn: before the turn →
 * its checkpoint, or the live worktree while the turn has no checkpoint yet (`to.kind`).
 * Added files have an empty left side, deleted ones an empty right side; a rename's left side is
 * its old path.
 */
export function diffSides(sessionId: string, file: Pick<ChangedFile, 'path' | 'oldPath' | 'status'>, turn: number | null, to: Pick<Revision, 'kind'>): { left: DiffSide; right: DiffSide } {
  const leftPath = file.status === 'renamed' && file.oldPath ? file.oldPath : file.path;
  const left: DiffSide = { kind: 'content', ref: { sessionId, path: leftPath, side: file.status === 'added' ? 'empty' : 'base', turn } };
  let right: DiffSide;
  if (file.status === 'deleted') right = { kind: 'content', ref: { sessionId, path: file.path, side: 'empty', turn } };
  else if (turn !== null && to.kind === 'checkpoint') right = { kind: 'content', ref: { sessionId, path: file.path, side: 'checkpoint', turn } };
  else right = { kind: 'worktree', path: file.path };
  return { left, right };
}

/** How people read a turn: counted from 1, as the chat panel does (the API's `index` counts from 0). */
export function turnLabel(index: number): string {
  return `Turn ${index + 1}`;
}

/** The editor title of a diff: "src/app.ts (Session title)", with the turn when it is one turn's. */
export function diffTitle(path: string, sessionTitle: string, turn: number | null): string {
  return turn === null ? `${path} (${sessionTitle})` : `${path} (${sessionTitle}, ${turnLabel(turn).toLowerCase()})`;
}

/** The worktree file of a repository path, as a native path (`/` joined; the caller builds the URI). */
export function worktreeFilePath(worktreePath: string, repoPath: string): string {
  return `${worktreePath.replace(/[\\/]+$/, '')}/${repoPath}`;
}

/** The repository path of a file inside a worktree, or null when it is not inside. */
export function repoPathIn(worktreePath: string, fsPath: string): string | null {
  const root = worktreePath.replace(/[\\/]+$/, '').replace(/\\/g, '/');
  const file = fsPath.replace(/\\/g, '/');
  if (!file.startsWith(`${root}/`)) return null;
  const rel = file.slice(root.length + 1);
  return rel === '' ? null : rel;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** The session whose worktree is one of the window's folders (the first folder wins). Pure. */
export function sessionOfFolders(sessions: Iterable<Pick<Session, 'id' | 'worktreePath' | 'state'>>, folders: readonly string[]): string | undefined {
  const list = [...sessions].filter((s) => s.worktreePath && s.state !== 'deleted');
  for (const f of folders) {
    const hit = list.find((s) => samePath(s.worktreePath!, f));
    if (hit) return hit.id;
  }
  return undefined;
}
