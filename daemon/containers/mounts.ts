// What a session's container mounts, and as whom it runs. Every path is mounted at the SAME
// absolute path as on the host (not at /workspace, as the first design had it): the daemon serves
// the agent's fs/* requests on the host and runs its terminal/* commands in the container, so the
// paths the agent sends must mean the same file on both sides with no translation; and a linked
// worktree's `.git` file names its gitdir by absolute host path, so git inside works only if that
// path exists there too.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** Dockerode's HostConfig.Mounts entries: type bind, which (unlike Binds) fails on a missing source. */
export function toDockerMounts(mounts: BindMount[]): Array<{ Type: 'bind'; Source: string; Target: string; ReadOnly: boolean }> {
  return mounts.map((m) => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly }));
}

/** Same-path mount. */
export function samePath(p: string, readOnly: boolean): BindMount {
  return { source: p, target: p, readOnly };
}

/**
 * The git directories a checkout needs besides itself: for a linked worktree, the gitdir its
 * `.git` file points to and the common dir (`commondir`, normally `<repo>/.git`) that holds the
 * objects and refs. Empty when `.git` is a directory inside the checkout (already mounted with it).
 */
export async function gitDirsOf(checkout: string): Promise<string[]> {
  const dotGit = path.join(checkout, '.git');
  const st = await fs.lstat(dotGit).catch(() => null);
  if (!st?.isFile()) return [];
  const text = await fs.readFile(dotGit, 'utf8');
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(text);
  if (!m?.[1]) return [];
  const gitdir = path.resolve(checkout, m[1]);
  const common = await fs.readFile(path.join(gitdir, 'commondir'), 'utf8').then(
    (c) => path.resolve(gitdir, c.trim()),
    () => null,
  );
  return common ? [common, gitdir] : [gitdir];
}

/**
 * The mounts of a session's own container: the checkout (read-only for analyze/review), the git
 * directories it references (writable for worktree sessions: commits write objects and refs),
 * and `extra` (the agent's HOME, the demo agent bundle…). Nested duplicates are dropped.
 */
export async function sessionMounts(cwd: string, readOnly: boolean, extra: BindMount[]): Promise<BindMount[]> {
  const mounts = [samePath(cwd, readOnly), ...(await gitDirsOf(cwd)).map((d) => samePath(d, readOnly)), ...extra];
  return dedupe(mounts);
}

/** Drops a mount that lies inside another with the same mode (the outer one already covers it). */
export function dedupe(mounts: BindMount[]): BindMount[] {
  const out: BindMount[] = [];
  for (const m of mounts) {
    const covered = mounts.some(
      (o) => o !== m && o.readOnly === m.readOnly && o.source === o.target && m.source === m.target && isInside(m.target, o.target) && o.target !== m.target,
    );
    const duplicate = out.some((o) => o.target === m.target);
    if (!covered && !duplicate) out.push(m);
  }
  return out;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** `uid:gid` of a path's owner: containers run as the worktree's owner, so files come out theirs. */
export async function ownerOf(p: string): Promise<{ uid: number; gid: number; user: string }> {
  const st = await fs.stat(p);
  return { uid: st.uid, gid: st.gid, user: `${st.uid}:${st.gid}` };
}
