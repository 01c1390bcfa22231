// Runs an agent as a local child process: own process group, curated environment, own HOME,
// and, when the session asks for one, inside a bubblewrap sandbox (bwrap leads the group, so
// ending the group ends the sandbox; --die-with-parent ends it with the daemon).
import { stat } from 'node:fs/promises';
import { buildAgentEnv } from './agentEnv.js';
import { findCommand } from './commandLookup.js';
import { AgentStartError } from './errors.js';
import { signalGroup } from './processGroup.js';
import { bwrapArgs } from './sandboxSpec.js';
import { spawnGroup, type GroupChild } from './spawnGroup.js';
import { sandboxedTerminalRunner, type TerminalRunner } from './terminals.js';
import type { AgentRuntimeProvider, RuntimeExit, RuntimeProcess, RuntimeStartOptions } from './runtime.js';

const DEFAULT_GRACE_MS = 5_000;
/** A grandchild can keep our pipes open after the agent exits; don't wait for it forever. */
const PIPE_DRAIN_CAP_MS = 1_000;

export class LocalRuntimeProvider implements AgentRuntimeProvider {
  /** `parentEnv` is where the curated variables come from (tests pass their own). */
  constructor(private readonly parentEnv: NodeJS.ProcessEnv = process.env) {}

  async start(opts: RuntimeStartOptions): Promise<RuntimeProcess> {
    // Checked first: Node reports a missing cwd as ENOENT for the *command*.
    const cwdStat = await stat(opts.cwd).catch(() => null);
    if (!cwdStat?.isDirectory()) {
      throw new AgentStartError('bad_cwd', `Working directory does not exist: ${opts.cwd}`);
    }
    const env = buildAgentEnv(this.parentEnv, opts.env, opts.home);
    const resolved = findCommand(opts.command, env.PATH, { cwd: opts.cwd, pathExt: env.PATHEXT });
    if (resolved === null) {
      throw new AgentStartError('not_installed', `Command not found: ${opts.command}`);
    }
    const sandbox = opts.sandbox;
    // Inside the sandbox the resolved path is the same file (everything is visible read-only).
    const [command, args] = sandbox ? [sandbox.bwrap, [...bwrapArgs(sandbox.spec), resolved, ...opts.args]] : [opts.command, opts.args];

    const { child } = await spawnGroup(command, args, { cwd: opts.cwd, env, stdin: 'pipe' }).catch((err: NodeJS.ErrnoException) => {
      const reason = err.code === 'ENOENT' || err.code === 'EACCES' ? 'not_installed' : 'exited_early';
      throw new AgentStartError(reason, `Could not start ${opts.command}: ${err.message}`, { cause: err });
    });
    const { stdin, stdout, stderr } = child;
    if (!stdin || !stdout || !stderr || child.pid === undefined) {
      throw new AgentStartError('exited_early', `Could not start ${opts.command}: no stdio`);
    }
    // A dead agent turns our writes into EPIPE; the exit is reported through `exited` instead.
    stdin.on('error', () => undefined);
    const terminalRunner = sandbox ? sandboxedTerminalRunner(sandbox.bwrap, sandbox.spec) : undefined;
    return new LocalProcess(child.pid, child, stdin, stdout, stderr, terminalRunner);
  }
}

type Child = GroupChild;

class LocalProcess implements RuntimeProcess {
  readonly exited: Promise<RuntimeExit>;
  private hasExited = false;
  private terminating: Promise<void> | null = null;

  constructor(
    readonly pid: number,
    child: Child,
    readonly stdin: NonNullable<Child['stdin']>,
    readonly stdout: NonNullable<Child['stdout']>,
    readonly stderr: NonNullable<Child['stderr']>,
    readonly terminalRunner?: TerminalRunner,
  ) {
    this.exited = new Promise<RuntimeExit>((resolve) => {
      let status: RuntimeExit | null = null;
      const settle = () => resolve(status ?? { exitCode: child.exitCode, signal: child.signalCode });
      child.once('exit', (exitCode, signal) => {
        status = { exitCode, signal };
        this.hasExited = true;
        // Whatever the agent left behind in its group goes with it.
        signalGroup(pid, 'SIGKILL');
        setTimeout(settle, PIPE_DRAIN_CAP_MS).unref();
      });
      child.once('close', (exitCode, signal) => {
        status ??= { exitCode, signal };
        this.hasExited = true;
        settle();
      });
    });
  }

  terminate(graceMs = DEFAULT_GRACE_MS): Promise<void> {
    this.terminating ??= this.doTerminate(graceMs);
    return this.terminating;
  }

  private async doTerminate(graceMs: number): Promise<void> {
    if (this.hasExited) return;
    this.stdin.end();
    signalGroup(this.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (!this.hasExited) signalGroup(this.pid, 'SIGKILL');
    }, graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
