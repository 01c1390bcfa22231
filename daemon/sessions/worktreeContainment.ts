// Whether a path an agent names stays inside the session's worktree as the operating system will
// see it when the agent writes. Relative names resolve against the session's cwd; symlinks on disk
// are followed (a link planted in the worktree that points outside escapes), dangling ones too
// (writing through them creates their target). Both readings of `..` are checked: the kernel's
// (after following links) and the lexical one that tools normalising with path.resolve use.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a path really points: absolute in, absolute out; null when that cannot be known (a link loop, no access). */
export type PathResolver = (absolute: string) => string | null;

/** Linux's own limit on links followed in one lookup. */
const MAX_LINKS = 40;

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The physical path `absolute` names: every existing component is looked at with lstat and links
 * are followed, component by component as the kernel does; the missing rest is appended as written.
 */
export function physicalPath(absolute: string): string | null {
  const root = path.parse(absolute).root || path.sep;
  const pending = absolute.split(path.sep).filter((p) => p.length > 0).reverse();
  let current = root;
  let missingDepth = 0; // components of `current` past the last one that exists
  let links = 0;
  while (pending.length > 0) {
    const part = pending.pop()!;
    if (part === '.') continue;
    if (part === '..') {
      current = path.dirname(current);
      if (missingDepth > 0) missingDepth--;
      continue;
    }
    const next = path.join(current, part);
    if (missingDepth > 0) {
      current = next;
      missingDepth++;
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(next);
    } catch (err) {
      if (!isMissing(err)) return null;
      current = next;
      missingDepth = 1;
      continue;
    }
    if (stat.isSymbolicLink()) {
      if (++links > MAX_LINKS) return null;
      let target: string;
      try {
        target = fs.readlinkSync(next);
      } catch {
        return null;
      }
      if (path.isAbsolute(target)) current = path.parse(target).root || path.sep;
      pending.push(...target.split(path.sep).filter((p) => p.length > 0).reverse());
      continue;
    }
    current = next;
  }
  return current;
}

function within(root: string, p: string): boolean {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return p === root || p.startsWith(prefix);
}

/** The absolute name as written: relative to cwd, `..` left in place for physicalPath to follow. */
function absoluteName(name: string, cwd: string): string | null {
  if (name.includes('\0')) return null;
  if (name.startsWith('file:')) {
    try {
      return fileURLToPath(name);
    } catch {
      return null;
    }
  }
  return path.isAbsolute(name) ? name : `${cwd}${path.sep}${name}`;
}

export interface Confinement {
  /** Nothing outside this directory may be changed: the session's worktree. */
  root: string;
  /** Where relative names resolve: the agent's working directory. */
  cwd: string;
}

/**
 * Why `name` escapes the root (`/abs/path`, or `/abs/path (resolves to /elsewhere)`), or null when
 * it stays inside. Anything that cannot be resolved counts as escaping: the check fails closed.
 */
export function escapeOf(name: string, where: Confinement, resolve: PathResolver = physicalPath): string | null {
  // `~` is expanded by shells and some tools to a home directory, never one inside the worktree.
  if (name === '~' || name.startsWith(`~${path.sep}`)) return `${name} (a home directory path)`;
  const written = absoluteName(name, where.cwd);
  if (written === null) return `${name} (not a usable path)`;
  const lexical = path.resolve(written);
  const root = resolve(path.resolve(where.root)) ?? path.resolve(where.root);
  for (const candidate of [written, lexical]) {
    const physical = resolve(candidate);
    if (physical === null) return `${lexical} (cannot be resolved)`;
    if (!within(root, physical)) return physical === lexical ? lexical : `${lexical} (resolves to ${physical})`;
  }
  return null;
}

/** The first of `names` that escapes, described; null when every one stays inside. */
export function firstEscape(names: readonly string[], where: Confinement, resolve: PathResolver = physicalPath): string | null {
  for (const name of names) {
    const escape = escapeOf(name, where, resolve);
    if (escape !== null) return escape;
  }
  return null;
}
