// Which walls a session's local agent gets (docs/isolation.md). Real agents write files and run
// commands themselves, never through fs/* or terminal/*, so the operating system is the line that
// holds: the filesystem is read-only, the session's worktree, the agent's HOME and a private /tmp
// are writable, git gets the narrow grants a commit on the session branch needs, and the daemon's
// state dir and the user's credentials are not there at all.
import fs from 'node:fs';
import path from 'node:path';
import type { SandboxSpec } from '../agents/sandboxSpec.js';
import type { AgentTemplate, Session } from '../protocol/entities.js';

/**
 * Hidden from every sandboxed agent (relative to the user's HOME): logins and keys of the tools a
 * developer has. Templates add their own with `runtime.hiddenPaths`.
 */
export const HIDDEN_CREDENTIALS: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.kube',
  '.docker',
  '.config/gh',
  '.config/hub',
  '.config/gcloud',
  '.config/op',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.password-store',
  '.vault-token',
  '.terraform.d',
  '.cargo/credentials.toml',
  // The user's own agent logins: a session's agent has its own HOME and logs in there.
  '.claude',
  '.claude.json',
  '.codex',
  '.gemini',
  '.config/github-copilot',
  // VS Code's secret store and settings sync, where API keys live.
  '.config/Code',
  '.vscode-server',
];

/** Sockets that hand out the whole machine (a docker client on them is root outside the sandbox). */
const HIDDEN_SOCKETS: readonly string[] = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/run/podman/podman.sock'];

export interface SandboxPlanInput {
  session: Pick<Session, 'cwd' | 'worktreePath' | 'branch' | 'readOnly'>;
  template: Pick<AgentTemplate, 'runtime' | 'spawn'>;
  /** The project's checkout (the worktree's git lives in its .git). */
  repoPath: string;
  /** The daemon's state dir: hidden whole, the session's own parts shown again. */
  stateDir: string;
  /**
   * Worktree roots outside the state dir (`--worktree-root`, projects' `worktreeRoot`): hidden
   * whole like it, so other sessions' worktrees stay invisible; the session's own is shown again.
   */
  worktreeRoots?: readonly string[];
  agentHome: string;
  /** The user's HOME, where the credential folders are. */
  userHome: string;
  /** The agent's executable as found on PATH (re-exposed when it lives under /tmp). */
  commandPath: string | null;
}

/** The spec for bwrap. Reads the disk (git's admin files, which credential paths exist). */
export function sandboxSpecFor(i: SandboxPlanInput): SandboxSpec {
  const writable = [i.agentHome];
  // The user's HOME and the checkout stay visible read-only even where they live under /tmp.
  const readOnly = [i.userHome, i.repoPath, ...toolDirs(i.commandPath), path.dirname(process.execPath), ...argumentDirs(i.template.spawn.args)];
  if (!i.session.readOnly && i.session.worktreePath) {
    writable.push(i.session.worktreePath);
    const grants = gitGrants(i.session.worktreePath, i.session.branch);
    writable.push(...grants.writable);
    readOnly.push(...grants.pinned);
  }
  const hidden = [...HIDDEN_CREDENTIALS.map((p) => path.join(i.userHome, p)), ...(i.template.runtime.hiddenPaths ?? []).map((p) => expandHome(p, i.userHome)), ...HIDDEN_SOCKETS];
  const hiddenDirs = [i.stateDir, ...(i.worktreeRoots ?? []).map(realOrNull).filter((p): p is string => p !== null)];
  const hiddenFiles: string[] = [];
  for (const p of hidden) {
    const real = realOrNull(p);
    if (!real) continue; // nothing there to leak, and no mount point to make
    (fs.statSync(real).isDirectory() ? hiddenDirs : hiddenFiles).push(real);
  }
  const gitconfig = path.join(i.userHome, '.gitconfig');
  // bwrap mounts onto real paths only: /var/run is a symlink to /run, worktrees may sit behind one.
  const reals = (paths: string[]) => [...new Set(paths.map(realOrNull).filter((p): p is string => p !== null))];
  return {
    writable: reals(writable),
    readOnly: reals(readOnly),
    hiddenDirs: reals(hiddenDirs),
    hiddenFiles,
    network: i.template.runtime.network !== 'none',
    cwd: realOrNull(i.session.cwd) ?? i.session.cwd,
    env: {
      TMPDIR: '/tmp',
      TMP: '/tmp',
      TEMP: '/tmp',
      // Commits carry the user's identity although HOME is the agent's own.
      ...(fs.existsSync(gitconfig) ? { GIT_CONFIG_GLOBAL: gitconfig } : {}),
      // gc and maintenance would rewrite packs and packed-refs, which stay read-only.
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'gc.auto',
      GIT_CONFIG_VALUE_0: '0',
      GIT_CONFIG_KEY_1: 'maintenance.auto',
      GIT_CONFIG_VALUE_1: 'false',
    },
  };
}

/**
 * What `git add`/`git commit` on the session branch must write, and nothing wider: the worktree's
 * admin dir (its index and HEAD), the object store (git has no per-branch objects), and the
 * folders of the session branch's ref and reflog. Those two folders hold the refs of the same
 * agent's other sessions on this project, so each of those is pinned read-only inside them.
 * The pointers that say where the repository is are pinned too: the worktree's `.git` file and
 * the admin dir's `commondir`/`gitdir`. Rewritten, they would send git — the daemon's own, after
 * the turn, outside the sandbox, and the person's — to a repository the agent planted, whose
 * config (a filter, core.fsmonitor) runs commands on the host.
 */
export function gitGrants(worktree: string, branch: string | null): { writable: string[]; pinned: string[] } {
  const adminDir = gitAdminDir(worktree);
  if (!adminDir) return { writable: [], pinned: [] };
  const common = commonDir(adminDir);
  const writable = [adminDir, path.join(common, 'objects')];
  const pinned = [path.join(worktree, '.git'), ...['commondir', 'gitdir', 'config.worktree'].map((f) => path.join(adminDir, f)).filter((f) => fs.existsSync(f))];
  if (branch) {
    const own = path.basename(branch);
    for (const base of [path.join(common, 'refs', 'heads'), path.join(common, 'logs', 'refs', 'heads')]) {
      const dir = path.join(base, path.dirname(branch));
      fs.mkdirSync(dir, { recursive: true });
      writable.push(dir);
      // Lock files are git's transient ones (another session's commit in flight): pinning one that
      // is gone a moment later makes bwrap refuse to start. The refs themselves stay pinned.
      for (const name of fs.readdirSync(dir)) if (name !== own && !name.endsWith('.lock')) pinned.push(path.join(dir, name));
    }
  }
  return { writable, pinned };
}

/** `<worktree>/.git` is a file naming the admin dir under the repository's .git/worktrees/. */
function gitAdminDir(worktree: string): string | null {
  try {
    const text = fs.readFileSync(path.join(worktree, '.git'), 'utf8');
    const m = /^gitdir:\s*(.+)$/m.exec(text);
    return m?.[1] ? path.resolve(worktree, m[1].trim()) : null;
  } catch {
    return null;
  }
}

function commonDir(adminDir: string): string {
  try {
    return path.resolve(adminDir, fs.readFileSync(path.join(adminDir, 'commondir'), 'utf8').trim());
  } catch {
    return path.resolve(adminDir, '..', '..');
  }
}

/**
 * /tmp is private inside the sandbox; an agent installed under it (tests, npx caches) must still
 * be found: its package's node_modules tree, read-only.
 */
function toolDirs(commandPath: string | null): string[] {
  if (!commandPath) return [];
  const real = fs.realpathSync(commandPath);
  const nodeModules = real.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  const root = nodeModules >= 0 ? real.slice(0, nodeModules + '/node_modules'.length) : path.dirname(real);
  return [...new Set([path.dirname(commandPath), root])];
}

/** Files named by absolute path in the arguments (the demo agent's bundle under `node`): their folders. */
function argumentDirs(args: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const a of args) {
    if (!path.isAbsolute(a)) continue;
    const st = fs.statSync(a, { throwIfNoEntry: false });
    if (st) dirs.push(st.isDirectory() ? a : path.dirname(a));
  }
  return dirs;
}

function expandHome(p: string, userHome: string): string {
  return p === '~' ? userHome : p.startsWith('~/') ? path.join(userHome, p.slice(2)) : path.resolve(p);
}

function realOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}
