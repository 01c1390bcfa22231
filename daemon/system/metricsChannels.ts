// How code without a metrics object of its own reports what it did: the git runner is a set of
// free functions called from every corner of daemon/worktrees/, so rather than threading a meter
// through all of them it publishes each run on a named Node diagnostics channel, and the daemon's
// metrics (metrics.ts) subscribe. Publishing costs nothing while nobody listens.
import diagnostics from 'node:diagnostics_channel';

/** One finished git run: its subcommand (`worktree`, `rev-parse`…) and how long it took. */
export interface GitRunTiming {
  operation: string;
  seconds: number;
}

const gitRuns = diagnostics.channel('switchboard:git.run');

export function publishGitRun(timing: GitRunTiming): void {
  if (gitRuns.hasSubscribers) gitRuns.publish(timing);
}

/** Called for every git run in this process from now on; returns the unsubscribe. */
export function subscribeGitRuns(listener: (timing: GitRunTiming) => void): () => void {
  const onMessage = (message: unknown): void => listener(message as GitRunTiming);
  gitRuns.subscribe(onMessage);
  return () => {
    gitRuns.unsubscribe(onMessage);
  };
}

/**
 * The git subcommand of an argument list, skipping global options (`-c key=value`, `-C dir`,
 * `--no-pager`…). Our own code builds every list, so the set is small; anything that does not
 * look like a subcommand name is `other`, which keeps a metric label bounded whatever comes.
 */
export function gitOperation(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-c' || arg === '-C') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return /^[a-z][a-z-]{0,30}$/.test(arg) ? arg : 'other';
  }
  return 'other';
}
