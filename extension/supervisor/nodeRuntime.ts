// The Node runtime that runs the daemon. The extension host's own runtime is not a choice: in
// desktop VS Code it is Electron, and the daemon's native SQLite module is built for plain Node.
// Order: the `switchboard.daemon.nodePath` setting, else `node` on PATH; at least Node 20.
import { execFile } from 'node:child_process';

export const MIN_NODE_MAJOR = 20;

export interface NodeRuntime {
  path: string;
  version: string;
}

export type NodeLookup = { ok: true; runtime: NodeRuntime } | { ok: false; message: string };

/** `v20.19.1` → [20, 19, 1]; null for anything else. */
export function parseNodeVersion(text: string): [number, number, number] | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function isSupportedNode(version: string): boolean {
  const v = parseNodeVersion(version);
  return v !== null && v[0] >= MIN_NODE_MAJOR;
}

export const INSTALL_NODE_HINT =
  `Agent Switchboard runs its daemon with Node.js ${MIN_NODE_MAJOR} or newer. Install it from https://nodejs.org ` +
  '(or your package manager) so that `node` is on PATH, or set "switchboard.daemon.nodePath" to a node binary.';

type Probe = (command: string) => Promise<{ version: string; execPath: string }>;

/** Asks a candidate binary for its version and absolute path (PATH lookups resolve to a real file). */
const probeNode: Probe = (command) =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      ['-e', 'process.stdout.write(process.version + "\\n" + process.execPath)'],
      { timeout: 10_000, windowsHide: true, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
      (err, stdout) => {
        if (err) return reject(err);
        const [version = '', execPath = command] = stdout.split('\n');
        resolve({ version: version.trim(), execPath: execPath.trim() || command });
      },
    );
  });

export async function findNodeRuntime(settingPath: string, probe: Probe = probeNode): Promise<NodeLookup> {
  const fromSetting = settingPath.trim() !== '';
  const candidate = fromSetting ? settingPath.trim() : 'node';
  let found: { version: string; execPath: string };
  try {
    found = await probe(candidate);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
    return {
      ok: false,
      message: fromSetting
        ? `The node binary set in "switchboard.daemon.nodePath" (${candidate}) could not be run: ${why}. ${INSTALL_NODE_HINT}`
        : `No \`node\` was found on PATH. ${INSTALL_NODE_HINT}`,
    };
  }
  if (!isSupportedNode(found.version)) {
    return {
      ok: false,
      message: `${fromSetting ? candidate : 'The `node` on PATH'} is ${found.version || 'of an unknown version'}. ${INSTALL_NODE_HINT}`,
    };
  }
  return { ok: true, runtime: { path: found.execPath, version: found.version } };
}
