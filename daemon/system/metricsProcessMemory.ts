// Resident memory of agents, for the metrics. An agent is a process group (it starts detached;
// in a sandbox the leader is bwrap and the agent its child, and agents start helpers of their
// own), so what it holds is the sum over every process of its group — the group a stop signals.
// Read from /proc at scrape time: Linux only; elsewhere there is nothing to report.
import { readdir, readFile } from 'node:fs/promises';

/**
 * VmRSS summed over the processes whose process group is led by one of `leaders` (pages shared
 * between them counted in each, as VmRSS does); null where /proc cannot tell (not Linux).
 */
export async function groupResidentBytes(leaders: readonly number[], procDir = '/proc'): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  if (leaders.length === 0) return 0;
  const groups = new Set(leaders);
  const names = await readdir(procDir).catch(() => null);
  if (names === null) return null;
  const sizes = await Promise.all(
    names.filter((n) => /^\d+$/.test(n)).map(async (pid) => {
      const stat = await readFile(`${procDir}/${pid}/stat`, 'utf8').catch(() => null);
      if (stat === null || !groups.has(processGroupOf(stat))) return 0;
      const status = await readFile(`${procDir}/${pid}/status`, 'utf8').catch(() => '');
      return residentBytesOf(status);
    }),
  );
  return sizes.reduce((sum, n) => sum + n, 0);
}

/** `pid (comm) state ppid pgrp …`: the command name may contain ") ", so read after the last one. */
function processGroupOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]);
}

/** `VmRSS:   1234 kB` (absent for kernel threads and zombies: 0). */
function residentBytesOf(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}
