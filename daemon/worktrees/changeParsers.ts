/**
 * Pure parsers for the git output the review feature reads: `diff --raw --numstat -z`,
 * `merge-tree --write-tree -z --name-only`, `ls-tree -z` and `for-each-ref`. No I/O here, so each
 * format is pinned down by unit tests on canned output (test/review/changeParsers.test.ts).
 */

/** git's raw status letter, read coarsely: a type change is a modification, a copy an addition. */
export type TreeChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface TreeChange {
  /** For renames, the new path. */
  path: string;
  oldPath: string | null;
  status: TreeChangeStatus;
  /** Line counts from numstat; null for binary files (numstat prints `-`). */
  additions: number | null;
  deletions: number | null;
  binary: boolean;
  /** Modes as git prints them (`000000` for the missing side). */
  oldMode: string;
  newMode: string;
}

function statusOf(letter: string): TreeChangeStatus {
  switch (letter) {
    case 'A':
    case 'C':
      return 'added';
    case 'D':
      return 'deleted';
    case 'R':
      return 'renamed';
    default:
      // M, T (type change), U (unmerged), X (unknown): the path exists on both sides and differs.
      return 'modified';
  }
}

/**
 * Parses `git diff --raw --numstat -z` (both formats in one run): first every raw entry
 * `:<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0` (renames and copies carry
 * `<status><score>\0<old>\0<new>\0`), then every numstat entry `<added>\t<deleted>\t<path>\0`
 * (renames: `<added>\t<deleted>\t\0<old>\0<new>\0`; binary files: `-\t-\t`). The two lists are
 * joined on the (new) path; git prints them in the same order.
 */
export function parseRawNumstatZ(output: string): TreeChange[] {
  const fields = output.split('\0');
  const changes: TreeChange[] = [];
  const byPath = new Map<string, TreeChange>();
  let i = 0;
  const next = (what: string): string => {
    const field = fields[i++];
    if (field === undefined || field === '') throw new Error(`git diff output ended early, expecting ${what}`);
    return field;
  };
  while (i < fields.length) {
    const header = fields[i++];
    if (header === undefined || header === '') continue;
    if (header.startsWith(':')) {
      const parts = header.slice(1).split(' ');
      const [oldMode, newMode, , , code] = parts;
      if (parts.length !== 5 || oldMode === undefined || newMode === undefined || code === undefined || code === '') {
        throw new Error(`unexpected git diff --raw entry: ${JSON.stringify(header)}`);
      }
      const letter = code[0] ?? 'X';
      const twoPaths = letter === 'R' || letter === 'C';
      const first = next('a path');
      const second = twoPaths ? next('the new path of a rename') : null;
      const change: TreeChange = {
        path: second ?? first,
        oldPath: letter === 'R' ? first : null,
        status: statusOf(letter),
        additions: null,
        deletions: null,
        binary: false,
        oldMode,
        newMode,
      };
      changes.push(change);
      byPath.set(change.path, change);
      continue;
    }
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(header);
    if (!match) throw new Error(`unexpected git diff --numstat entry: ${JSON.stringify(header)}`);
    const [, added = '-', deleted = '-', inlinePath = ''] = match;
    let path = inlinePath;
    if (path === '') {
      next('the old path of a rename');
      path = next('the new path of a rename');
    }
    const change = byPath.get(path);
    if (!change) throw new Error(`git diff --numstat names ${JSON.stringify(path)}, which --raw did not`);
    change.binary = added === '-' && deleted === '-';
    change.additions = change.binary ? null : Number(added);
    change.deletions = change.binary ? null : Number(deleted);
  }
  return changes;
}

export interface MergeTreeMessage {
  paths: string[];
  /** `Auto-merging`, `CONFLICT (content)`, `CONFLICT (modify/delete)`… */
  type: string;
  message: string;
}

export interface MergeTreeResult {
  /** The merged tree; with conflicts it holds files with conflict markers and must not be committed. */
  tree: string;
  clean: boolean;
  conflicts: { path: string; types: string[]; messages: string[] }[];
}

/**
 * Parses `git merge-tree --write-tree -z --name-only <a> <b>`. Exit 0: `<tree>\0`. Exit 1
 * (conflicts): `<tree>\0`, one `<path>\0` per conflicted path, an empty field, then messages as
 * `<count>\0<path>\0…<type>\0<message>\0`. Conflict types and messages are attached to the
 * conflicted paths they name; informational messages (`Auto-merging`) are dropped.
 */
export function parseMergeTreeZ(output: string, exitCode: number): MergeTreeResult {
  if (exitCode !== 0 && exitCode !== 1) throw new Error(`git merge-tree failed with exit code ${exitCode}`);
  const fields = output.split('\0');
  const tree = fields[0] ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(tree)) throw new Error(`git merge-tree printed no tree id: ${JSON.stringify(output.slice(0, 80))}`);
  if (exitCode === 0) return { tree, clean: true, conflicts: [] };

  let i = 1;
  const conflicts: MergeTreeResult['conflicts'] = [];
  const byPath = new Map<string, MergeTreeResult['conflicts'][number]>();
  for (; i < fields.length && fields[i] !== ''; i++) {
    const path = fields[i] as string;
    if (byPath.has(path)) continue;
    const entry = { path, types: [], messages: [] };
    conflicts.push(entry);
    byPath.set(path, entry);
  }
  i++; // the empty field between the two sections
  while (i < fields.length) {
    const countField = fields[i++];
    if (countField === undefined || countField === '') continue;
    const count = Number(countField);
    if (!Number.isInteger(count) || count < 0) throw new Error(`unexpected git merge-tree message header: ${JSON.stringify(countField)}`);
    const paths = fields.slice(i, i + count);
    i += count;
    const type = fields[i++] ?? '';
    const message = (fields[i++] ?? '').trimEnd();
    if (!type.startsWith('CONFLICT')) continue;
    for (const path of paths) {
      const entry = byPath.get(path);
      if (!entry) continue;
      if (!entry.types.includes(type)) entry.types.push(type);
      entry.messages.push(message);
    }
  }
  return { tree, clean: false, conflicts };
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  path: string;
}

/** Parses `git ls-tree -z`: `<mode> SP <type> SP <oid> TAB <path>\0` per entry. */
export function parseLsTreeZ(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const field of output.split('\0')) {
    if (field === '') continue;
    const match = /^(\d{6}) (blob|tree|commit) ([0-9a-f]{40,64})\t(.*)$/s.exec(field);
    if (!match) throw new Error(`unexpected git ls-tree entry: ${JSON.stringify(field)}`);
    const [, mode = '', type = 'blob', oid = '', path = ''] = match;
    entries.push({ mode, type: type as TreeEntry['type'], oid, path });
  }
  return entries;
}

/** NUL-separated paths (`--name-only -z`, `ls-files -z`), empty fields dropped. */
export function parseNulList(output: string): string[] {
  return output.split('\0').filter((field) => field !== '');
}

export interface RefEntry {
  ref: string;
  oid: string;
  /** The commit's committer date, ISO 8601. */
  date: string;
}

/** Parses `git for-each-ref --format=%(refname)%00%(objectname)%00%(creatordate:iso-strict)`. */
export function parseRefListing(output: string): RefEntry[] {
  const refs: RefEntry[] = [];
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const [ref, oid, date] = line.split('\0');
    if (ref === undefined || oid === undefined || date === undefined) throw new Error(`unexpected git for-each-ref line: ${JSON.stringify(line)}`);
    refs.push({ ref, oid, date });
  }
  return refs;
}
