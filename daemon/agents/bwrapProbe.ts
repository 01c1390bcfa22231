// Whether a bubblewrap sandbox can be made here, asked once per bwrap binary: `bwrap` may be
// missing, or present but refused by the kernel (no namespaces inside some containers).
import { execa } from 'execa';
import { findCommand } from './commandLookup.js';

export type BwrapStatus = { available: true; path: string } | { available: false; why: string };

/** The Debian/Ubuntu package that provides bwrap, named in every "not there" message. */
export const BWRAP_PACKAGE = 'bubblewrap';
const PROBE_TIMEOUT_MS = 10_000;

const cache = new Map<string, Promise<BwrapStatus>>();

/**
 * `override`: an explicit bwrap path (SWITCHBOARD_BWRAP), else `bwrap` on `searchPath`.
 * The probe makes the same namespaces an agent's sandbox does, around `true`.
 */
export function probeBwrap(override: string | undefined, searchPath: string | undefined): Promise<BwrapStatus> {
  const key = `${override ?? ''}\0${searchPath ?? ''}`;
  let status = cache.get(key);
  if (!status) {
    status = runProbe(override, searchPath);
    cache.set(key, status);
  }
  return status;
}

async function runProbe(override: string | undefined, searchPath: string | undefined): Promise<BwrapStatus> {
  if (process.platform !== 'linux') return { available: false, why: 'bubblewrap sandboxes exist only on Linux' };
  const found = findCommand(override ?? 'bwrap', searchPath);
  if (found === null) {
    const where = override ? `at ${override}` : 'on PATH';
    return { available: false, why: `bwrap is not installed ${where}: install the package "${BWRAP_PACKAGE}" (apt-get install ${BWRAP_PACKAGE})` };
  }
  const probe = await execa(
    found,
    ['--die-with-parent', '--cap-drop', 'ALL', '--unshare-pid', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--', 'true'],
    { reject: false, timeout: PROBE_TIMEOUT_MS, stdin: 'ignore', all: true },
  );
  if (probe.exitCode === 0) return { available: true, path: found };
  const said = String(probe.all ?? '').trim().split('\n')[0] ?? '';
  return { available: false, why: `bwrap at ${found} cannot make a sandbox here${said ? `: ${said}` : ''}` };
}
