import { realPathOrResolved } from './paths.js';

/**
 * Serializes git operations per repository. git guards its shared files (`index.lock`,
 * `config.lock`, `packed-refs.lock`, `.git/worktrees/`) with lock files and fails instead of
 * waiting, so two concurrent `worktree add`s on one repository can fail at random; queueing
 * them in the daemon removes that whole class of error. Different repositories run in parallel.
 */
export class RepoLocks {
  /** The tail of each repository's queue; removed when the queue drains so the map stays small. */
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Runs `fn` after every earlier operation on the same repository has settled. A failing `fn`
   * rejects only its own promise; the queue carries on.
   */
  run<T>(repoPath: string, fn: () => Promise<T> | T): Promise<T> {
    // Computed synchronously so operations queue in call order; the real path makes
    // `repo`, `repo/` and a symlink to it share one queue.
    const key = RepoLocks.keyFor(repoPath);
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => fn());
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Number of repositories with queued or running work (for diagnostics and tests). */
  get activeRepositories(): number {
    return this.#tails.size;
  }

  static keyFor(repoPath: string): string {
    return realPathOrResolved(repoPath);
  }
}
