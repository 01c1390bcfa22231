// How a session's changed files are laid out in the tree: a flat list (sorted by path) while
// there are few, folders when there are many. Folder chains without files of their own are
// compressed into one node (`src/app/views`), as the Source Control view does. Pure.
import type { ChangedFile } from '../../daemon/protocol/reviewEntities.js';

/** More files than this and the tree groups them by folder. */
export const GROUP_THRESHOLD = 20;

export interface FolderGroup {
  /** The folder's full repository path (`src/app/views`): its identity. */
  path: string;
  /** What the node shows: the path below its parent folder (`app/views`). */
  label: string;
  folders: FolderGroup[];
  files: ChangedFile[];
}

export interface ChangeLayout {
  /** True when files are grouped by folder. */
  grouped: boolean;
  root: FolderGroup;
  /** Every folder by path, for the tree's folder nodes. */
  folders: Map<string, FolderGroup>;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function layoutChanges(files: readonly ChangedFile[], threshold = GROUP_THRESHOLD): ChangeLayout {
  const root: FolderGroup = { path: '', label: '', folders: [], files: [] };
  const folders = new Map<string, FolderGroup>();
  if (files.length <= threshold) {
    root.files = [...files].sort(byPath);
    return { grouped: false, root, folders };
  }
  // A trie of folders, then compression of single-child chains.
  interface Trie {
    path: string;
    children: Map<string, Trie>;
    files: ChangedFile[];
  }
  const top: Trie = { path: '', children: new Map(), files: [] };
  for (const f of files) {
    const parts = f.path.split('/');
    parts.pop();
    let node = top;
    for (const part of parts) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { path: node.path ? `${node.path}/${part}` : part, children: new Map(), files: [] }));
      node = next;
    }
    node.files.push(f);
  }
  const build = (node: Trie, label: string): FolderGroup => {
    let cur = node;
    let name = label;
    while (cur.files.length === 0 && cur.children.size === 1) {
      const [childName, child] = [...cur.children][0]!;
      cur = child;
      name = `${name}/${childName}`;
    }
    const group: FolderGroup = {
      path: cur.path,
      label: name,
      folders: [...cur.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, c]) => build(c, n)),
      files: [...cur.files].sort(byPath),
    };
    folders.set(group.path, group);
    return group;
  };
  root.folders = [...top.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, c]) => build(c, n));
  root.files = [...top.files].sort(byPath);
  return { grouped: true, root, folders };
}

/** The file name and its folder, for a tree item's label and description. */
export function splitPath(path: string): { name: string; dir: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { name: path, dir: '' } : { name: path.slice(i + 1), dir: path.slice(0, i) };
}
