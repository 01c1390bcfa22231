// Agents of the computer agent: they run inside the user's computer container (exec'd there, so
// stopping one leaves the container and its desktop alive), with DISPLAY set so they can drive
// the desktop a person watches. The container mounts every worktree at its host path.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AgentStartError } from '../agents/errors.js';
import type { AgentRuntimeProvider, RuntimeProcess, RuntimeStartOptions } from '../agents/runtime.js';
import { COMPUTER_RUN_DIR, type ComputerService } from './computerService.js';
import type { DockerEngine } from './dockerEngine.js';
import { startError } from './dockerRuntime.js';
import { ContainerError } from './errors.js';
import { ContainerTerminalRunner, ExecAgentProcess } from './execRunner.js';
import { startExec } from './execProcess.js';

const PID_DIR = `${COMPUTER_RUN_DIR}/pids`;

export class ComputerRuntime {
  constructor(
    private readonly engine: DockerEngine,
    private readonly computers: ComputerService,
  ) {}

  providerFor(user: string): AgentRuntimeProvider {
    return { confinement: 'container', start: (opts) => this.start(user, opts).catch((err: unknown) => Promise.reject(startError(err))) };
  }

  private async start(user: string, opts: RuntimeStartOptions): Promise<RuntimeProcess> {
    const isDir = await fs.stat(opts.cwd).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new AgentStartError('bad_cwd', `Working directory does not exist: ${opts.cwd}`);
    const { container } = await this.computers.ensure(user);
    // A project added while an agent kept the container busy is not mounted in it yet.
    const mounts = await container.inspect().then((i) => i.Mounts.map((m) => m.Destination), () => [] as string[]);
    if (!mounts.some((root) => isWithin(opts.cwd, root))) {
      throw new ContainerError('conflict', `${opts.cwd} is not mounted in ${user}'s computer container yet; stop its agents (\`switchboard computer stop\`) so it can be recreated with it`);
    }
    const env = { ...opts.env, DISPLAY: ':0', ...(opts.home ? { HOME: opts.home } : {}) };
    const proc = await startExec(this.engine, container, { command: opts.command, args: opts.args, env, cwd: opts.cwd, stdin: true, pidDir: PID_DIR, pidName: agentPidName(opts.env.SWITCHBOARD_SESSION) });
    return new ExecAgentProcess(proc, new ContainerTerminalRunner(this.engine, container, PID_DIR));
  }
}

function isWithin(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The pid file prefix of a session's agent: `ComputerService.agentRunning` looks for it. */
export function agentPidName(sessionId: string | undefined): string {
  return `agent-${sessionId ?? 'unknown'}`;
}
