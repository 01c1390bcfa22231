// What a bubblewrap sandbox lets an agent see and touch, and the bwrap command line for it.
// Pure: the sessions layer decides the paths (sandboxPlan.ts), this file only turns them into
// mounts. The whole filesystem is read-only; some paths are hidden (an empty read-only tmpfs over
// a folder, /dev/null over a file), some re-exposed read-only, a few writable. Mounts are applied parent
// first (sorted by depth), so a worktree bound writable inside the hidden state dir shows through.
import path from 'node:path';

export interface SandboxSpec {
  /** Bound read-write at the same path: the worktree, the agent's HOME, git's narrow grants. */
  writable: string[];
  /** Re-exposed read-only (under a hidden folder or /tmp), or pinned read-only inside a writable one. */
  readOnly: string[];
  /** Folders replaced by an empty tmpfs. */
  hiddenDirs: string[];
  /** Files replaced by an empty file. */
  hiddenFiles: string[];
  /** False: the agent gets a network namespace of its own with nothing in it. */
  network: boolean;
  /** Where the agent starts. */
  cwd: string;
  /** Set inside the sandbox on top of the launch env (TMPDIR, git settings). */
  env: Record<string, string>;
}

type Mount = { kind: 'hide-dir' | 'hide-file' | 'ro' | 'rw'; path: string };

/** The precedence when two mounts name one path: the later kind wins. */
const KIND_ORDER: Mount['kind'][] = ['hide-dir', 'hide-file', 'ro', 'rw'];

function depth(p: string): number {
  return p.split(path.sep).filter(Boolean).length;
}

/** Mounts in the order bwrap must apply them: parents before children, one per path. */
export function orderedMounts(spec: SandboxSpec): Mount[] {
  const byPath = new Map<string, Mount>();
  const add = (kind: Mount['kind'], paths: string[]) => {
    for (const p of paths) byPath.set(path.resolve(p), { kind, path: path.resolve(p) });
  };
  // Writable first and read-only after: a path named both is pinned read-only (a sibling ref).
  add('hide-dir', spec.hiddenDirs);
  add('hide-file', spec.hiddenFiles);
  add('rw', spec.writable);
  add('ro', spec.readOnly);
  return [...byPath.values()].sort((a, b) => depth(a.path) - depth(b.path) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** bwrap's arguments up to and including `--`; the command and its arguments follow. */
export function bwrapArgs(spec: SandboxSpec): string[] {
  const args = [
    // The sandbox ends with the daemon's child, and nothing in it keeps a capability: as root,
    // bwrap would otherwise leave CAP_SYS_ADMIN, enough to remount the read-only root.
    '--die-with-parent',
    '--cap-drop',
    'ALL',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...(spec.network ? [] : ['--unshare-net']),
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
  ];
  const mounts = orderedMounts(spec);
  for (const m of mounts) {
    if (m.kind === 'hide-dir') args.push('--tmpfs', m.path);
    else if (m.kind === 'hide-file') args.push('--ro-bind', '/dev/null', m.path);
    else if (m.kind === 'ro') args.push('--ro-bind', m.path, m.path);
    else args.push('--bind', m.path, m.path);
  }
  // Last, once the mount points inside them exist: a hidden folder is empty and read-only, so a
  // write aimed into it fails as it would on the host instead of vanishing into a scratch tmpfs.
  for (const m of mounts) if (m.kind === 'hide-dir') args.push('--remount-ro', m.path);
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  args.push('--chdir', spec.cwd, '--');
  return args;
}
