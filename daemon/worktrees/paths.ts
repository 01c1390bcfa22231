import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * The canonical spelling of a path that may not exist yet: the real path of its longest
 * existing ancestor joined with the rest. git records worktree paths through symlinks resolved
 * (e.g. macOS /var → /private/var), so every comparison with git's output goes through this.
 */
export async function canonicalPath(p: string): Promise<string> {
  const absolute = path.resolve(p);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await realpath(current);
      return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** Synchronous real path with a plain `resolve` fallback, for keys that must be computed in call order. */
export function realPathOrResolved(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/** Whether `child` is `parent` itself or lies beneath it (both canonical). */
export function isSameOrInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Path equality that respects the platform's case rules well enough for git's own output. */
export function samePath(a: string, b: string): boolean {
  const left = path.normalize(a);
  const right = path.normalize(b);
  return process.platform === 'win32' ? left.toLowerCase() === right.toLowerCase() : left === right;
}
