// The local branches of a repository, for choosing a project's default branch: one read-only
// `for-each-ref` (no lock needed) and its pure parser.
import { runGit } from './gitRunner.js';

export interface LocalBranch {
  /** The name under `refs/heads/` (`main`, `feature/x`). */
  name: string;
  commit: string;
  /** Checked out in the worktree the listing ran in. */
  current: boolean;
}

const FORMAT = '--format=%(refname)%00%(objectname)%00%(HEAD)';
const HEADS = 'refs/heads/';

/** Parses `git for-each-ref --format=%(refname)%00%(objectname)%00%(HEAD) refs/heads/`, sorted by name. */
export function parseBranchListing(output: string): LocalBranch[] {
  const branches: LocalBranch[] = [];
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const [ref, commit, head] = line.split('\0');
    if (ref === undefined || commit === undefined || head === undefined || !ref.startsWith(HEADS)) {
      throw new Error(`unexpected git for-each-ref line: ${JSON.stringify(line)}`);
    }
    branches.push({ name: ref.slice(HEADS.length), commit, current: head === '*' });
  }
  return branches.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The repository's local branches, as seen from `cwd` (the project's checkout). */
export async function listLocalBranches(cwd: string): Promise<LocalBranch[]> {
  return parseBranchListing(await runGit(cwd, ['for-each-ref', FORMAT, HEADS]));
}
