/**
 * Pure parsers for git's machine-readable ("porcelain") output. No I/O here, so every format
 * quirk is pinned down by unit tests on canned output.
 */

export type FileChangeKind = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied' | 'untracked' | 'conflicted' | 'typechange';

export interface FileStatus {
  /** Path relative to the worktree root, with `/` separators as git prints them. */
  path: string;
  /** git's two-letter XY code as printed (`' M'`, `'A '`, `'??'`, `'R '`, `'UU'`…). */
  status: string;
  /** A coarse reading of `status` for display. */
  kind: FileChangeKind;
  /** For renames and copies: where the file came from. */
  originalPath?: string;
}

/** Unmerged combinations, per git-status(1) "Short Format". */
const CONFLICT_CODES = new Set(['DD', 'AU', 'UD', 'UA', 'DU', 'AA', 'UU']);

export function fileChangeKind(status: string): FileChangeKind {
  if (status === '??') return 'untracked';
  if (CONFLICT_CODES.has(status)) return 'conflicted';
  const [x = ' ', y = ' '] = status;
  // Index state first: it says what the change is relative to HEAD (`AM` is still an added file).
  for (const code of [x, y]) {
    if (code === 'R') return 'renamed';
    if (code === 'C') return 'copied';
  }
  if (x === 'A' || y === 'A') return 'added';
  if (x === 'D' || y === 'D') return 'deleted';
  if (x === 'T' || y === 'T') return 'typechange';
  return 'modified';
}

/**
 * Parses `git status --porcelain=v1 -z`: entries `XY <path>\0`, and for renames/copies
 * `XY <new path>\0<old path>\0`. With -z paths are verbatim (no quoting), so any byte but NUL
 * may appear in them.
 */
export function parseStatusPorcelainZ(output: string): FileStatus[] {
  const fields = output.split('\0');
  const files: FileStatus[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field === undefined || field === '') continue;
    if (field.length < 4 || field[2] !== ' ') {
      throw new Error(`unexpected git status entry: ${JSON.stringify(field)}`);
    }
    const status = field.slice(0, 2);
    const entry: FileStatus = { path: field.slice(3), status, kind: fileChangeKind(status) };
    if (status.includes('R') || status.includes('C')) {
      const original = fields[++i];
      if (original === undefined || original === '') {
        throw new Error(`git status rename entry without its original path: ${JSON.stringify(field)}`);
      }
      entry.originalPath = original;
    }
    files.push(entry);
  }
  return files;
}

export interface WorktreeInfo {
  /** Absolute path as git recorded it (symlinks resolved at creation time). */
  path: string;
  /** The checked-out commit, or null for an unborn branch or a bare entry. */
  head: string | null;
  /** Short branch name (`refs/heads/` removed), or null when detached or bare. */
  branch: string | null;
  detached: boolean;
  bare: boolean;
  locked: boolean;
  /** Set when git marks the entry prunable (its directory is gone). */
  prunable: boolean;
  /** The first entry git lists is always the main working tree (or the bare repository). */
  isMain: boolean;
}

const ZERO_OID = /^0+$/;

/**
 * Parses `git worktree list --porcelain`, with `-z` (NUL-separated fields, records ended by an
 * empty field) or without (lines, records separated by a blank line); which one is detected
 * from the presence of NUL.
 */
export function parseWorktreeListPorcelain(output: string): WorktreeInfo[] {
  const fields = output.includes('\0') ? output.split('\0') : output.split(/\r?\n/);
  const worktrees: WorktreeInfo[] = [];
  let current: WorktreeInfo | null = null;
  for (const field of fields) {
    if (field === '') {
      current = null;
      continue;
    }
    const space = field.indexOf(' ');
    const label = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? '' : field.slice(space + 1);
    if (label === 'worktree') {
      current = {
        path: value,
        head: null,
        branch: null,
        detached: false,
        bare: false,
        locked: false,
        prunable: false,
        isMain: worktrees.length === 0,
      };
      worktrees.push(current);
      continue;
    }
    if (current === null) continue; // Attributes outside a record: ignore rather than guess.
    switch (label) {
      case 'HEAD':
        current.head = ZERO_OID.test(value) ? null : value;
        break;
      case 'branch':
        current.branch = value.startsWith('refs/heads/') ? value.slice('refs/heads/'.length) : value;
        break;
      case 'detached':
        current.detached = true;
        break;
      case 'bare':
        current.bare = true;
        break;
      case 'locked':
        current.locked = true;
        break;
      case 'prunable':
        current.prunable = true;
        break;
      default:
        // Newer gits may add attributes; unknown ones are not our business.
        break;
    }
  }
  return worktrees;
}
