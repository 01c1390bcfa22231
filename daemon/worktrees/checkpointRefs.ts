import { parseRefListing } from './changeParsers.js';
import { runGit } from './gitRunner.js';
import { deleteRef } from './commits.js';

/**
 * Where the daemon keeps its own commits: under `refs/switchboard/`, outside `refs/heads/` and
 * `refs/tags/`, so they never show up as branches, are shared by every worktree of the
 * repository, and keep their objects safe from `git gc`.
 *
 * - `refs/switchboard/checkpoints/<session>/<turn>`: the worktree after each turn;
 * - `refs/switchboard/discarded/<session>/<time>`: the worktree just before a discard (a way back).
 */

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function sessionPart(sessionId: string): string {
  // Session ids are daemon-made UUIDs; anything else must not become a ref path.
  if (!SESSION_ID.test(sessionId) || sessionId.includes('..') || sessionId.endsWith('.lock')) {
    throw new Error(`not a session id usable in a ref name: ${JSON.stringify(sessionId)}`);
  }
  return sessionId;
}

export function checkpointRefPrefix(sessionId: string): string {
  return `refs/switchboard/checkpoints/${sessionPart(sessionId)}/`;
}

export function checkpointRef(sessionId: string, turnIndex: number): string {
  if (!Number.isInteger(turnIndex) || turnIndex < 0) throw new Error(`not a turn index: ${turnIndex}`);
  return `${checkpointRefPrefix(sessionId)}${turnIndex}`;
}

/** `stamp` is made of digits and letters (a compact UTC time). */
export function discardedRef(sessionId: string, stamp: string): string {
  return `refs/switchboard/discarded/${sessionPart(sessionId)}/${stamp.replace(/[^0-9A-Za-z]/g, '')}`;
}

export interface CheckpointRef {
  turn: number;
  commit: string;
  ref: string;
  createdAt: string;
}

/** The session's checkpoints, by turn. */
export async function listCheckpointRefs(cwd: string, sessionId: string): Promise<CheckpointRef[]> {
  const prefix = checkpointRefPrefix(sessionId);
  const out = await runGit(cwd, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(creatordate:iso-strict)', prefix]);
  return parseRefListing(out)
    .map((r) => ({ turn: Number(r.ref.slice(prefix.length)), commit: r.oid, ref: r.ref, createdAt: r.date }))
    .filter((c) => Number.isInteger(c.turn) && c.turn >= 0)
    .sort((a, b) => a.turn - b.turn);
}

/** Deletes every ref under `prefix` (one `update-ref -d` each: sessions have tens of turns, not thousands). */
export async function deleteRefsUnder(cwd: string, prefix: string): Promise<number> {
  if (!prefix.startsWith('refs/switchboard/') || !prefix.endsWith('/')) throw new Error(`refusing to delete refs under ${prefix}`);
  const refs = parseRefListing(await runGit(cwd, ['for-each-ref', '--format=%(refname)%00%(objectname)%00', prefix]));
  for (const r of refs) await deleteRef(cwd, r.ref);
  return refs.length;
}

/** Every ref the daemon made for a session (checkpoints and discard backups), for when the session is deleted. */
export function sessionRefPrefixes(sessionId: string): string[] {
  return [checkpointRefPrefix(sessionId), `refs/switchboard/discarded/${sessionPart(sessionId)}/`];
}
