// Spawning the bundled daemon detached (it must outlive this window: other windows and the CLI
// share it) and waiting for a real readiness signal: a discovery file naming our child's pid and
// a health answer. If the child dies first, its output tail says why.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SwitchboardClient, daemonBaseUrl } from '../../daemon/protocol/client.js';
import type { Discovery } from '../../daemon/protocol/discovery.js';
import { readDiscovery } from './discoveryFile.js';

export const START_TIMEOUT_MS = 20_000;
const POLL_MS = 100;

export interface SpawnOptions {
  nodePath: string;
  bundlePath: string;
  stateDir: string;
  /** 0: an ephemeral port. */
  port: number;
  /** The daemon's default sandbox (`--sandbox`); absent: the daemon's own default. */
  sandbox?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export type SpawnResult =
  | { ok: true; discovery: Discovery; pid: number }
  /** The child ended before it was ready; `output` is the tail of what it wrote. */
  | { ok: false; message: string; output: string };

export function daemonOutPath(stateDir: string): string {
  return path.join(stateDir, 'logs', 'daemon.out');
}

/**
 * The environment the daemon starts with: this host's, minus what only makes sense inside this
 * window (VS Code's IPC handles and Electron switches), since the daemon outlives it.
 */
export function daemonEnv(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(parent)) {
    if (/^(VSCODE_|ELECTRON_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

function sizeOf(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

function tailSince(p: string, offset: number, lines = 20): string {
  try {
    return readFileSync(p).subarray(offset).toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function spawnDaemon(opts: SpawnOptions): Promise<SpawnResult> {
  mkdirSync(path.join(opts.stateDir, 'logs'), { recursive: true, mode: 0o700 });
  const outPath = daemonOutPath(opts.stateDir);
  const offset = sizeOf(outPath);
  const fd = openSync(outPath, 'a', 0o600);
  const child: { pid?: number; exited?: string; error?: Error } = {};
  try {
    const args = [opts.bundlePath, '--home', opts.stateDir, ...(opts.port > 0 ? ['--port', String(opts.port)] : []), ...(opts.sandbox ? ['--sandbox', opts.sandbox] : [])];
    const proc = spawn(opts.nodePath, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      windowsHide: true,
      cwd: opts.stateDir,
      env: daemonEnv(opts.env),
    });
    child.pid = proc.pid;
    proc.on('error', (err) => (child.error = err));
    proc.on('exit', (code, signal) => (child.exited = code !== null ? `exit code ${code}` : `signal ${signal ?? '?'}`));
    proc.unref();
  } finally {
    closeSync(fd);
  }

  const deadline = Date.now() + (opts.timeoutMs ?? START_TIMEOUT_MS);
  while (Date.now() < deadline) {
    if (child.error) return { ok: false, message: `could not start the daemon: ${child.error.message}`, output: '' };
    if (child.exited) {
      return { ok: false, message: `the daemon exited during startup (${child.exited})`, output: tailSince(outPath, offset) };
    }
    const discovery = await readDiscovery(opts.stateDir);
    if (discovery && discovery.pid === child.pid) {
      try {
        const client = new SwitchboardClient({ baseUrl: daemonBaseUrl(discovery.port), token: discovery.token, timeoutMs: 1_000 });
        await client.api.health();
        return { ok: true, discovery, pid: discovery.pid };
      } catch {
        // Listening but not answering yet: keep polling until the deadline.
      }
    }
    await delay(POLL_MS);
  }
  return {
    ok: false,
    message: `the daemon (pid ${child.pid ?? '?'}) did not become ready within ${(opts.timeoutMs ?? START_TIMEOUT_MS) / 1000} s; see ${outPath}`,
    output: tailSince(outPath, offset),
  };
}
