// Keeps an agent's file access inside its session root. The check is on real paths: a symlink
// inside the worktree that points elsewhere must not become a way out, and neither may `..`.
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { FsRefusal } from './errors.js';

export interface ResolvedPath {
  /** Absolute real path (symlinks resolved; for a new file, its real parent plus the new names). */
  realPath: string;
  /** Relative to the real root, with `/` separators; '.' for the root itself. */
  relativePath: string;
  /** Whether something exists at the path now. */
  exists: boolean;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/**
 * Resolves `requestedPath` (absolute, or relative to `root`) to a real path inside `root`.
 * Throws `FsRefusal` when the path, or what its symlinks lead to, lies outside.
 */
export async function resolveInside(root: string, requestedPath: string): Promise<ResolvedPath> {
  if (requestedPath === '' || requestedPath.includes('\0')) {
    throw new FsRefusal('invalid_path', requestedPath, 'Empty or malformed path');
  }
  const realRoot = await realpath(root);
  const lexical = path.resolve(root, requestedPath);
  // Agents may spell the root as given or as its real path (e.g. /tmp vs /private/tmp).
  if (!isInside(path.resolve(root), lexical) && !isInside(realRoot, lexical)) {
    throw new FsRefusal('outside_root', requestedPath, `${requestedPath} is outside the session's working directory`);
  }

  // Find the deepest existing ancestor and resolve its symlinks; the rest are names to create.
  const missing: string[] = [];
  let probe = lexical;
  let realProbe: string | null = null;
  for (;;) {
    try {
      realProbe = await realpath(probe);
      break;
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' && errnoCode(err) !== 'ENOTDIR') throw err;
      // A dangling symlink would be followed by a write to wherever it points: refuse it.
      const isLink = await lstat(probe).then((s) => s.isSymbolicLink(), () => false);
      if (isLink) {
        throw new FsRefusal('symlink_escape', requestedPath, `${requestedPath} goes through a dangling symlink`);
      }
      const parent = path.dirname(probe);
      if (parent === probe) throw err;
      missing.unshift(path.basename(probe));
      probe = parent;
    }
  }
  const realPath = path.join(realProbe, ...missing);
  if (!isInside(realRoot, realPath)) {
    throw new FsRefusal('symlink_escape', requestedPath, `${requestedPath} resolves outside the session's working directory`);
  }
  const relativePath = path.relative(realRoot, realPath).split(path.sep).join('/') || '.';
  return { realPath, relativePath, exists: missing.length === 0 };
}
