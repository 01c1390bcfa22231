// Bringing one git-ignored file of the project checkout into a new worktree, in one of three
// modes (docs/worktree-setup.md). Symlinks are recreated as links, never followed, so nothing
// outside the repository is read through them.
import { constants } from 'node:fs';
import { chmod, copyFile, cp, link, lstat, mkdir, readlink, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { IncludeMode } from '../protocol/projectConfig.js';
import { isSameOrInside } from './paths.js';

export interface TransferOutcome {
  /** Bytes placed (a symlink counts 0: its target is not read). */
  bytes: number;
  /** Reflink or hardlink: the filesystem could not clone or link (another filesystem), so the file was copied. */
  fellBack: boolean;
}

/** Errors meaning "this filesystem (pair) cannot clone", not "this file failed". */
const NO_CLONE = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS', 'ENOTTY']);

/**
 * The directories of one worktree's transfer, each made and checked once however many files go
 * into it (a 50-file folder costs one mkdir and one containment check, not fifty).
 */
export class TransferDirs {
  private readonly ready = new Map<string, Promise<boolean>>();
  private targetReal: Promise<string> | null = null;

  constructor(private readonly target: string) {}

  /** Makes `dir` (inside the worktree); false when it resolves outside the worktree. */
  prepare(dir: string): Promise<boolean> {
    let made = this.ready.get(dir);
    if (!made) {
      made = (async () => {
        await mkdir(dir, { recursive: true });
        // A tracked symlink in the worktree could point the new file's directory elsewhere.
        this.targetReal ??= realpath(this.target);
        return isSameOrInside(await this.targetReal, await realpath(dir));
      })();
      this.ready.set(dir, made);
    }
    return made;
  }
}

/**
 * Places `relative` of `source` at the same path under `target`, or returns null when it is
 * skipped: not a regular file or symlink, already present in the worktree (a tracked file of the
 * base commit wins), or its directory in the worktree resolves outside the worktree.
 */
export async function transferFile(source: string, target: string, relative: string, mode: IncludeMode, dirs = new TransferDirs(target)): Promise<TransferOutcome | null> {
  const from = path.join(source, relative);
  const to = path.join(target, relative);
  const [info, present] = await Promise.all([lstat(from).catch(() => null), lstat(to).then(() => true, () => false)]);
  if (!info || !(info.isFile() || info.isSymbolicLink()) || present) return null;
  if (!(await dirs.prepare(path.dirname(to)))) return null;

  if (info.isSymbolicLink()) {
    await symlink(await readlink(from), to);
    return { bytes: 0, fellBack: false };
  }
  if (mode === 'hardlink') {
    // Shared by every session and the checkout: read-only, so an in-place edit fails loudly
    // (EACCES) instead of changing all copies; tools that write a new file and rename still work.
    if (info.mode & 0o222) await chmod(from, info.mode & 0o7555);
    // A worktree root on another filesystem cannot share the file (EXDEV): it gets a copy, said so.
    const linked = await link(from, to).then(
      () => true,
      (err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'EXDEV') return false;
        throw err;
      },
    );
    if (linked) return { bytes: info.size, fellBack: false };
  }
  if (mode === 'reflink') {
    // FICLONE_FORCE, not FICLONE: the latter silently copies, and we report which happened.
    const cloned = await copyFile(from, to, constants.COPYFILE_FICLONE_FORCE).then(
      () => true,
      (err: unknown) => {
        if (NO_CLONE.has((err as NodeJS.ErrnoException).code ?? '')) return false;
        throw err;
      },
    );
    if (cloned) {
      await chmod(to, info.mode & 0o7777);
      return { bytes: info.size, fellBack: false };
    }
  }
  await cp(from, to, { errorOnExist: true, force: false, preserveTimestamps: true, verbatimSymlinks: true });
  return { bytes: info.size, fellBack: mode !== 'copy' };
}
