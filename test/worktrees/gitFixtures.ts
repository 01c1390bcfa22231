// Real git repositories in temp directories, built with the git CLI directly so fixtures do not
// depend on the code under test. Identity and signing are fixed here, never taken from the machine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FIXTURE_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Switchboard Test',
  GIT_AUTHOR_EMAIL: 'test@switchboard.invalid',
  GIT_COMMITTER_NAME: 'Switchboard Test',
  GIT_COMMITTER_EMAIL: 'test@switchboard.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

/** Runs git synchronously and returns stdout; throws with stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd,
    env: FIXTURE_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Temp directories for one test file; `removeAll()` in `afterEach`. Paths are real paths. */
export class TempDirs {
  readonly #dirs: string[] = [];

  make(prefix = 'switchboard-worktrees-'): string {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    this.#dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.#dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface RepoOptions {
  /** Branch the repository starts on. */
  branch?: string;
  /** Make an initial commit (README.md and src/app.txt). Default true. */
  commit?: boolean;
}

/** `git init` in a fresh temp directory, with a local identity and (by default) one commit. */
export function makeRepo(temp: TempDirs, options: RepoOptions = {}): string {
  const repo = path.join(temp.make(), 'repo');
  fs.mkdirSync(repo);
  git(repo, 'init', '--quiet', `--initial-branch=${options.branch ?? 'main'}`);
  git(repo, 'config', 'user.name', 'Switchboard Test');
  git(repo, 'config', 'user.email', 'test@switchboard.invalid');
  git(repo, 'config', 'commit.gpgsign', 'false');
  if (options.commit ?? true) {
    writeFile(repo, 'README.md', '# fixture\n');
    writeFile(repo, 'src/app.txt', 'line 1\nline 2\n');
    commitAll(repo, 'initial commit');
  }
  return repo;
}

export function writeFile(root: string, relative: string, content: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export function commitAll(cwd: string, message: string): string {
  git(cwd, 'add', '--all');
  git(cwd, 'commit', '--quiet', '-m', message);
  return head(cwd);
}

export function head(cwd: string): string {
  return git(cwd, 'rev-parse', 'HEAD').trim();
}

/** Short names of the local branches. */
export function branches(repo: string): string[] {
  return git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/')
    .split('\n')
    .filter((line) => line !== '');
}

/** Worktree paths git has registered, main checkout first. */
export function registeredWorktrees(repo: string): string[] {
  return git(repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}
