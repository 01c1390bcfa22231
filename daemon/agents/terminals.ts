// The terminal/* side of the client: commands an agent asks us to run, without a shell, in the
// session root (or a directory inside it), each in its own process group so kill means all of it.
// Where a command runs is a TerminalRunner: here on the host by default; a container runtime
// passes one that runs it inside the agent's container (the root is mounted at the same path).
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { spawnGroup } from './spawnGroup.js';
import type { AgentEvent } from './agentHost.js';
import { TerminalError } from './errors.js';
import { resolveInside } from './fsConfinement.js';
import { OutputBuffer } from './outputBuffer.js';
import { signalGroup } from './processGroup.js';
import { bwrapArgs, type SandboxSpec } from './sandboxSpec.js';

export const DEFAULT_TERMINAL_OUTPUT_LIMIT = 1024 * 1024;
/** Output travels in one JSON-RPC message, and a message over 32 MiB closes the connection. */
const MAX_TERMINAL_OUTPUT_LIMIT = 16 * 1024 * 1024;
const KILL_GRACE_MS = 2_000;
/** A background grandchild can hold the pipes open after the command exits. */
const PIPE_DRAIN_CAP_MS = 500;

export interface TerminalExitStatus {
  exitCode: number | null;
  signal: string | null;
}

export interface CreateTerminalParams {
  acpSessionId: string;
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  cwd: string | null;
  outputByteLimit: number | null;
}

/** A command a TerminalRunner started. */
export interface RunningCommand {
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Settles once the command has exited and its output is drained; whatever it left in its group is ended. */
  readonly exited: Promise<TerminalExitStatus>;
  /** Signals the command's whole process group. */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/** Where terminal commands run. */
export interface TerminalRunner {
  /** Rejects with TerminalError('spawn_failed') when the command cannot be started. */
  run(command: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<RunningCommand>;
}

/** Commands as local process groups. */
export const localTerminalRunner: TerminalRunner = {
  async run(command, args, opts) {
    const { child } = await spawnGroup(command, args, { cwd: opts.cwd, env: opts.env, stdin: 'ignore' }).catch((err: NodeJS.ErrnoException) => {
      const what = err.code === 'ENOENT' ? 'command not found' : err.message;
      throw new TerminalError('spawn_failed', `Could not run ${command}: ${what}`);
    });
    const pid = child.pid;
    if (pid === undefined || !child.stdout || !child.stderr) throw new TerminalError('spawn_failed', `Could not run ${command}`);
    const exited = new Promise<TerminalExitStatus>((resolve) => {
      let status: TerminalExitStatus | null = null;
      const settle = () => resolve(status ?? { exitCode: child.exitCode, signal: child.signalCode });
      child.once('exit', (exitCode, signal) => {
        status = { exitCode, signal };
        // The group ends with its command: background children would otherwise leak.
        signalGroup(pid, 'SIGKILL');
        setTimeout(settle, PIPE_DRAIN_CAP_MS).unref();
      });
      child.once('close', (exitCode, signal) => {
        status ??= { exitCode, signal };
        settle();
      });
    });
    return { stdout: child.stdout, stderr: child.stderr, exited, signal: (sig) => signalGroup(pid, sig) };
  },
};

/**
 * Commands inside the agent's bubblewrap sandbox (the same mounts as the agent): a command the
 * agent asks us to run must not be a way around the walls it lives in.
 */
export function sandboxedTerminalRunner(bwrap: string, spec: SandboxSpec): TerminalRunner {
  return {
    run: (command, args, opts) => localTerminalRunner.run(bwrap, [...bwrapArgs({ ...spec, cwd: opts.cwd }), command, ...args], opts),
  };
}

export interface TerminalManagerOptions {
  /** Commands run here or below. */
  root: string;
  /** Base environment of every command (the agent's curated environment). */
  env: Record<string, string>;
  defaultOutputLimit?: number;
  /** Default: local process groups. */
  runner?: TerminalRunner;
  emit(e: AgentEvent, acpSessionId: string | null): void;
}

interface Terminal {
  id: string;
  acpSessionId: string;
  command: RunningCommand;
  output: OutputBuffer;
  exitStatus: TerminalExitStatus | null;
  exited: Promise<TerminalExitStatus>;
}

export class TerminalManager {
  private readonly terminals = new Map<string, Terminal>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: TerminalManagerOptions) {}

  async create(params: CreateTerminalParams): Promise<string> {
    if (this.closed) throw new TerminalError('spawn_failed', 'The agent connection is closing');
    const where = await resolveInside(this.opts.root, params.cwd ?? this.opts.root);
    const isDir = await stat(where.realPath).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new TerminalError('bad_cwd', `Not a directory: ${params.cwd ?? '.'}`);

    const env = { ...this.opts.env };
    for (const { name, value } of params.env) env[name] = value;
    const limit = Math.min(params.outputByteLimit ?? this.opts.defaultOutputLimit ?? DEFAULT_TERMINAL_OUTPUT_LIMIT, MAX_TERMINAL_OUTPUT_LIMIT);

    const command = await (this.opts.runner ?? localTerminalRunner).run(params.command, params.args, { cwd: where.realPath, env });

    const id = `term-${this.nextId++}`;
    const output = new OutputBuffer(limit);
    // One buffer for both streams: the agent sees them interleaved, as in a terminal.
    command.stdout.on('data', (b: Buffer) => output.append(b));
    command.stderr.on('data', (b: Buffer) => output.append(b));

    const terminal: Terminal = {
      id,
      acpSessionId: params.acpSessionId,
      command,
      output,
      exitStatus: null,
      exited: command.exited.then((status) => {
        terminal.exitStatus = status;
        this.opts.emit(
          { type: 'terminal.exited', payload: { terminalId: id, ...status, outputBytes: output.totalBytes, truncated: output.truncated } },
          params.acpSessionId,
        );
        return status;
      }),
    };
    this.terminals.set(id, terminal);
    this.opts.emit(
      { type: 'terminal.started', payload: { terminalId: id, command: params.command, args: params.args, cwd: where.relativePath } },
      params.acpSessionId,
    );
    return id;
  }

  output(acpSessionId: string, id: string): { output: string; truncated: boolean; exitStatus: TerminalExitStatus | null } {
    const t = this.get(acpSessionId, id);
    return { output: t.output.text(), truncated: t.output.truncated, exitStatus: t.exitStatus };
  }

  waitForExit(acpSessionId: string, id: string): Promise<TerminalExitStatus> {
    return this.get(acpSessionId, id).exited;
  }

  /** Ends the command (the whole group); the terminal stays readable until released. */
  kill(acpSessionId: string, id: string): void {
    this.stop(this.get(acpSessionId, id), KILL_GRACE_MS);
  }

  release(acpSessionId: string, id: string): void {
    const t = this.get(acpSessionId, id);
    this.terminals.delete(id);
    this.stop(t, KILL_GRACE_MS);
  }

  /** On connection end: nothing an agent started outlives it. */
  killAll(): void {
    this.closed = true;
    for (const t of this.terminals.values()) this.stop(t, 0);
    this.terminals.clear();
  }

  private stop(t: Terminal, graceMs: number): void {
    if (t.exitStatus) return;
    if (graceMs === 0) {
      t.command.signal('SIGKILL');
      return;
    }
    t.command.signal('SIGTERM');
    const timer = setTimeout(() => t.command.signal('SIGKILL'), graceMs);
    timer.unref();
    void t.exited.then(() => clearTimeout(timer));
  }

  private get(acpSessionId: string, id: string): Terminal {
    const t = this.terminals.get(id);
    if (!t || t.acpSessionId !== acpSessionId) throw new TerminalError('not_found', `No terminal ${id}`);
    return t;
  }
}
