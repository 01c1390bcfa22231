import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseLsTreeZ } from './changeParsers.js';
import { runGit } from './gitRunner.js';
import { assertNotOption } from './queries.js';

export type FileAtCommit =
  | { kind: 'file'; mode: string; oid: string; content: Buffer }
  | { kind: 'missing' }
  | { kind: 'directory' };

/**
 * The bytes of `filePath` as of `commit`. The runner decodes output as UTF-8, which would mangle
 * binary blobs, so the blob is checked out through a one-entry scratch index into a temp
 * directory (`checkout-index --prefix`) and read from there, byte for byte. The repository's
 * checkout filters apply, so the text matches what a worktree shows (line endings, LFS).
 * Symlinks answer their target, submodules `Subproject commit <oid>` as `git diff` shows them.
 */
export async function readFileAtCommit(cwd: string, commit: string, filePath: string): Promise<FileAtCommit> {
  assertNotOption(commit, 'commit');
  const entries = parseLsTreeZ(await runGit(cwd, ['ls-tree', '-z', '--full-tree', commit, '--', filePath], { env: { GIT_LITERAL_PATHSPECS: '1' } }));
  const entry = entries.find((e) => e.path === filePath);
  if (!entry) return { kind: 'missing' };
  if (entry.type === 'tree') return { kind: 'directory' };
  if (entry.type === 'commit') return { kind: 'file', mode: entry.mode, oid: entry.oid, content: Buffer.from(`Subproject commit ${entry.oid}\n`) };
  if (entry.mode === '120000') {
    // A link target is a path, text by nature; no file-system link is made for it.
    return { kind: 'file', mode: entry.mode, oid: entry.oid, content: Buffer.from(await runGit(cwd, ['cat-file', 'blob', entry.oid])) };
  }

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'switchboard-blob-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
    await runGit(cwd, ['update-index', '--add', '--cacheinfo', `${entry.mode},${entry.oid},${filePath}`], { env });
    const out = path.join(scratch, 'out');
    await runGit(cwd, ['checkout-index', '--force', `--prefix=${out}${path.sep}`, '--', filePath], { env });
    return { kind: 'file', mode: entry.mode, oid: entry.oid, content: await readFile(path.join(out, ...filePath.split('/'))) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
