// Process liveness and group termination, the same on every platform the daemon runs on.
// Agents start in their own process group (detached), so signalling the group reaches the
// agent's own children too; Windows has no groups and uses taskkill's tree kill instead.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** True while `pid` names a running process (zombies count as exited on Linux). */
export function isAlive(pid: number): boolean {
  // pid 0 and negatives address process groups, never one process: answering for them would
  // make a malformed lock file look owned by ourselves.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else, which is still alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A zombie has exited and only waits for its parent to reap it; kill(pid, 0) still succeeds. */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain ") ", so read after the last one.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/**
 * Signals the process group led by `pid` (falling back to the process alone when it leads no
 * group). Resolves true when a signal was delivered, false when nothing was running.
 */
export async function killProcessGroup(pid: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (process.platform === 'win32') return taskkillTree(pid);
  try {
    process.kill(-pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** Windows: console programs ignore polite close requests, so the tree is always forced (/F). */
function taskkillTree(pid: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('taskkill', ['/T', '/F', '/PID', String(pid)], { stdio: 'ignore', windowsHide: true });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/**
 * Polls liveness until `pid` is gone or `timeoutMs` passes; resolves true when it exited.
 * Polling is the only portable way to watch a process that is not our child.
 */
export function waitForExit(pid: number, timeoutMs: number, intervalMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = (): void => {
      if (!isAlive(pid)) return resolve(true);
      if (Date.now() >= deadline) return resolve(false);
      setTimeout(check, Math.min(intervalMs, Math.max(1, deadline - Date.now())));
    };
    check();
  });
}
