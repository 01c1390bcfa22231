// The shell script that runs a session's setup (or teardown) commands, and the markers it writes.
// One `sh` runs every command in order, so commands share nothing but the worktree, and after each
// one it writes a marker line with a random nonce to stderr: the daemon learns each command's end
// and exit code from the same stream as its output, with no second channel into the sandbox.
//
// After the last command the driver looks for processes the commands left running (a dev server
// started with `&`). If there are some, it stays alive (`exec sleep`): in a bubblewrap sandbox the
// pid namespace, and everything in it, ends with the driver (`--unshare-pid`), and the local runtime
// ends a process's group when the process exits. Ending the driver's group is then what ends them.
import crypto from 'node:crypto';

/** What the driver does once every command succeeded. */
export type DriverAfter = 'keepBackground' | 'exit';

/**
 * `$1` nonce, `$2` keepBackground|exit, `$3` 1 when inside a pid namespace of its own; then the
 * commands. Dash-compatible. The process count uses only builtins (a glob and `read`), so the driver
 * never counts a child of its own as left behind. Zombies are not counted: they hold nothing.
 * Outside a sandbox /proc shows the whole machine, so only processes of the driver's own group
 * count (it leads that group); inside, every process but the namespace's init and the driver.
 */
const SCRIPT = `nonce=$1; after=$2; ns=$3; shift 3
i=0
for cmd in "$@"; do
  sh -c "$cmd" </dev/null
  code=$?
  printf '\\n__sb_%s end %s %s\\n' "$nonce" "$i" "$code" >&2
  [ "$code" -eq 0 ] || exit "$code"
  i=$((i + 1))
done
[ "$after" = keepBackground ] || exit 0
others=0
for p in /proc/[0-9]*; do
  n=\${p#/proc/}
  [ "$n" = "$$" ] && continue
  [ "$ns" = 1 ] && [ "$n" = 1 ] && continue
  read -r st 2>/dev/null < "$p/stat" || continue
  set -f
  set -- \${st##*) }
  set +f
  [ "$1" = Z ] && continue
  if [ "$ns" = 1 ] || [ "$3" = "$$" ]; then others=$((others + 1)); fi
done
printf '__sb_%s background %s\\n' "$nonce" "$others" >&2
[ "$others" -eq 0 ] && exit 0
exec sleep 2147483647
`;

/** The command line for `sh` (`sh -c SCRIPT name args…`). */
export function driverArgs(nonce: string, commands: readonly string[], after: DriverAfter, ownPidNamespace: boolean): string[] {
  return ['-c', SCRIPT, 'switchboard-setup', nonce, after, ownPidNamespace ? '1' : '0', ...commands];
}

/** Unguessable, so no command's output can forge a marker. */
export function newNonce(): string {
  return crypto.randomBytes(12).toString('hex');
}

export type DriverMarker = { kind: 'end'; index: number; exitCode: number } | { kind: 'background'; processes: number };

/** The marker a stderr line carries, or null for an ordinary line. */
export function parseMarker(line: string, nonce: string): DriverMarker | null {
  const prefix = `__sb_${nonce} `;
  if (!line.startsWith(prefix)) return null;
  const [kind, a, b] = line.slice(prefix.length).trim().split(' ');
  if (kind === 'end' && a !== undefined && b !== undefined) return { kind: 'end', index: Number(a), exitCode: Number(b) };
  if (kind === 'background' && a !== undefined) return { kind: 'background', processes: Number(a) };
  return null;
}
