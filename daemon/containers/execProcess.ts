// A process started inside a running container with `exec`: output demultiplexed, exit code
// from inspecting the exec, and signals delivered by another exec. Docker has no "kill this exec"
// call, so the process records its pid in a file first; an exec'd process leads its own process
// group (measured), so signalling `-pid` reaches everything it started. Used for terminal/*
// commands of container agents and for agents that run in a user's computer container.
import { randomUUID } from 'node:crypto';
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { exitOf } from './attachedContainer.js';
import type { DockerEngine } from './dockerEngine.js';

/** Records the pid, then becomes the command (same pid, so the file names the group leader). */
const WRAPPER = 'echo $$ > "$0"; exec "$@"';
/** Signals the group named in the pid file; the plain pid when the group is gone or never formed. */
const SIGNAL = 'p=$(cat "$0" 2>/dev/null) || exit 0; kill -s "$1" -- "-$p" 2>/dev/null || kill -s "$1" "$p" 2>/dev/null; exit 0';

export interface ExecOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Keep stdin open (an agent speaking ACP); terminals get none. */
  stdin: boolean;
  /** A folder inside the container, writable by the container's user, for the pid file. */
  pidDir: string;
  /** Starts the pid file's name (`agent-<session>`), so what runs can be told from the host side. */
  pidName?: string;
}

export interface ExecProcess {
  readonly stream: Duplex;
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  readonly pidFile: string;
  /** Settles when the process has exited (and its group was ended). Never rejects. */
  readonly exited: Promise<{ exitCode: number | null; signal: string | null }>;
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export async function startExec(engine: DockerEngine, container: Docker.Container, opts: ExecOptions): Promise<ExecProcess> {
  const pidFile = `${opts.pidDir}/${opts.pidName ?? 'cmd'}-${randomUUID()}.pid`;
  let exec: Docker.Exec;
  let stream: Duplex;
  try {
    exec = await container.exec({
      Cmd: ['/bin/sh', '-c', WRAPPER, pidFile, opts.command, ...opts.args],
      Env: Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
      WorkingDir: opts.cwd,
      AttachStdin: opts.stdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    stream = (await exec.start({ hijack: true, stdin: opts.stdin })) as Duplex;
  } catch (err) {
    throw engine.fail(err, `running ${opts.command} in the container`);
  }
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  engine.docker.modem.demuxStream(stream, stdout, stderr);
  stream.on('error', () => undefined);

  const runSignal = (signal: 'SIGTERM' | 'SIGKILL' | 'TERM' | 'KILL'): Promise<void> =>
    container
      .exec({ Cmd: ['/bin/sh', '-c', SIGNAL, pidFile, signal.replace(/^SIG/, '')], AttachStdout: true, AttachStderr: true })
      .then((e) => e.start({ hijack: true, stdin: false }))
      .then((s) => new Promise<void>((resolve) => {
        s.on('error', () => resolve());
        s.once('end', () => resolve());
        s.once('close', () => resolve());
        s.resume();
      }))
      .catch(() => undefined);

  const exited = new Promise<void>((resolve) => {
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
  }).then(async () => {
    stdout.end();
    stderr.end();
    const info = await exec.inspect().catch(() => null);
    // Whatever it left in its group goes with it, and so does its pid file.
    await runSignal('KILL');
    await container
      .exec({ Cmd: ['rm', '-f', pidFile] })
      .then((e) => e.start({ Detach: true }))
      .catch(() => undefined);
    return exitOf(typeof info?.ExitCode === 'number' ? info.ExitCode : null);
  });

  return {
    stream,
    stdout,
    stderr,
    pidFile,
    exited,
    signal: (signal) => void runSignal(signal),
  };
}
