// Running things inside a container the daemon made: an agent's terminal/* commands (a
// TerminalRunner), and an agent itself when it runs in a user's computer container (a
// RuntimeProcess over the exec's stdio instead of the container's).
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { RuntimeExit, RuntimeProcess } from '../agents/runtime.js';
import type { RunningCommand, TerminalRunner } from '../agents/terminals.js';
import type { DockerEngine } from './dockerEngine.js';
import { startExec, type ExecProcess } from './execProcess.js';

export class ContainerTerminalRunner implements TerminalRunner {
  constructor(
    private readonly engine: DockerEngine,
    private readonly container: Docker.Container,
    private readonly pidDir: string,
  ) {}

  async run(command: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<RunningCommand> {
    const p = await startExec(this.engine, this.container, { command, args, env: opts.env, cwd: opts.cwd, stdin: false, pidDir: this.pidDir });
    return { stdout: p.stdout, stderr: p.stderr, exited: p.exited, signal: (s) => p.signal(s) };
  }
}

/** An agent exec'd into a running container: ending it ends the process group, never the container. */
export class ExecAgentProcess implements RuntimeProcess {
  readonly pid = null;
  readonly stdin = new PassThrough();
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  readonly exited: Promise<RuntimeExit>;
  private terminating: Promise<void> | null = null;
  private hasExited = false;

  constructor(
    private readonly proc: ExecProcess,
    readonly terminalRunner: TerminalRunner,
  ) {
    this.stdout = proc.stdout;
    this.stderr = proc.stderr;
    this.stdin.on('data', (chunk: Buffer) => {
      if (!proc.stream.destroyed) proc.stream.write(chunk);
    });
    this.exited = proc.exited.then((status) => {
      this.hasExited = true;
      proc.stream.destroy();
      return status;
    });
  }

  terminate(graceMs = 5_000): Promise<void> {
    this.terminating ??= (async () => {
      if (this.hasExited) return;
      this.proc.signal('SIGTERM');
      const timer = setTimeout(() => this.proc.signal('SIGKILL'), graceMs);
      try {
        await this.exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.terminating;
  }
}
