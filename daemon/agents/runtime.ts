// How an agent process is started. The ACP connection only needs byte streams and a way to
// end the process, so a local child process and a Docker container look the same from here.
import type { Readable, Writable } from 'node:stream';
import type { SandboxSpec } from './sandboxSpec.js';
import type { TerminalRunner } from './terminals.js';

export interface RuntimeStartOptions {
  command: string;
  args: string[];
  /** Template and session variables; a provider adds its own curated base, never the whole parent env. */
  env: Record<string, string>;
  /** Must exist: providers check it, because a missing cwd surfaces as a misleading ENOENT. */
  cwd: string;
  /** The agent's own HOME (config, logins, caches). Defaults to `env.HOME`, then the daemon's HOME. */
  home?: string;
  /**
   * Run the agent (and the terminal/* commands it asks for) inside a bubblewrap sandbox. Only the
   * local provider reads it; a container is its own confinement.
   */
  sandbox?: { bwrap: string; spec: SandboxSpec };
}

export interface RuntimeExit {
  exitCode: number | null;
  signal: string | null;
}

export interface RuntimeProcess {
  /** Process id (the process group leader locally); null where the provider has none. */
  readonly pid: number | null;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Settles once the process has exited and its output pipes are drained. Never rejects. */
  readonly exited: Promise<RuntimeExit>;
  /** Ends the process and everything it started: polite signal, then force after `graceMs`. Idempotent. */
  terminate(graceMs?: number): Promise<void>;
  /**
   * Where the agent's terminal/* commands run, when not on the host (a container runtime runs
   * them inside the agent's container). They then get only the launch env on top of the runtime's own.
   */
  readonly terminalRunner?: TerminalRunner;
}

export interface AgentRuntimeProvider {
  /** `container`: the agent runs in a container, which confines it; absent: on the host. */
  readonly confinement?: 'container';
  /** Rejects with `AgentStartError` (`not_installed`, `bad_cwd`) when the process cannot start. */
  start(opts: RuntimeStartOptions): Promise<RuntimeProcess>;
}
