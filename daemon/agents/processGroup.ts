// Signals for a whole process group. Agents and terminal commands start detached (their own
// group) because several agents spawn native children and do not exit when stdin closes.
import { execa } from 'execa';

const isWindows = process.platform === 'win32';

/** Sends `signal` to the group led by `pid`. A group that is already gone is not an error. */
export function signalGroup(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void {
  // -0 and -1 would mean "our own group" and "everything we may signal".
  if (!Number.isInteger(pid) || pid <= 1) return;
  if (isWindows) {
    // Windows has no group signals and console programs ignore a polite close: force the tree.
    void execa('taskkill', ['/T', '/F', '/PID', String(pid)], { reject: false, windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw err;
  }
}

/** True while a process with this pid exists (signal 0 probes without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
