// Starts a command as the leader of its own process group (so ending it ends everything it
// started), with exactly the environment given. Resolves once the OS has started it; rejects with
// the spawn error (ENOENT, EACCES…) for the caller to name in its own vocabulary.
// The child comes back wrapped: an execa child is itself a promise, and returning it bare from an
// async function would wait for the process to exit.
import { execa } from 'execa';

export type GroupChild = ReturnType<typeof execa>;

export async function spawnGroup(
  command: string,
  args: readonly string[],
  opts: { cwd: string; env: Record<string, string>; stdin: 'pipe' | 'ignore' },
): Promise<{ child: GroupChild }> {
  const child = execa(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    detached: true,
    stdin: opts.stdin,
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    windowsHide: true,
  });
  // The result promise only repeats what the child's own events tell the callers.
  void child.then(
    () => undefined,
    () => undefined,
  );
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  return { child };
}
