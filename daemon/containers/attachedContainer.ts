// An agent running as a container's main process, seen as a RuntimeProcess: ACP over the
// hijacked attach stream (stdout and stderr demultiplexed), the exit from `wait`, and terminate as
// `stop` (SIGTERM, then SIGKILL after the grace) followed by removal. The container is removed
// whenever its agent ends, expected or not: a session's container lives exactly as long as its agent.
import { PassThrough, type Duplex } from 'node:stream';
import { constants as osConstants } from 'node:os';
import type Docker from 'dockerode';
import type { RuntimeExit, RuntimeProcess } from '../agents/runtime.js';
import type { TerminalRunner } from '../agents/terminals.js';
import type { DockerEngine } from './dockerEngine.js';

/** Output still in flight when `wait` answers: give the demuxer this long to pass it on. */
const DRAIN_CAP_MS = 1_000;

export interface AttachOptions {
  engine: DockerEngine;
  container: Docker.Container;
  /** Called once the container is gone (removed after its agent ended). */
  onRemoved: (reason: string) => void;
  terminals: TerminalRunner;
}

/**
 * Attaches to `container` (before it is started, for a new one, so no output is lost) and, when
 * `start` is set, starts it. With `StdinOnce: false` the agent's stdin stays open when this attach
 * stream ends: that is what lets a restarted daemon attach again to the same agent.
 */
export async function attachAgent(opts: AttachOptions & { start: boolean }): Promise<AttachedContainer> {
  const { engine, container } = opts;
  const stream = (await container
    .attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })
    .catch((err: unknown) => {
      throw engine.fail(err, 'attaching to the agent container');
    })) as Duplex;
  const proc = new AttachedContainer(opts, stream, opts.start);
  if (opts.start) {
    await container.start().catch(async (err: unknown) => {
      stream.destroy();
      await container.remove({ force: true }).catch(() => undefined);
      opts.onRemoved('start_failed');
      throw engine.fail(err, 'starting the agent container');
    });
  }
  return proc;
}

export class AttachedContainer implements RuntimeProcess {
  readonly pid = null;
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly exited: Promise<RuntimeExit>;
  readonly terminalRunner: TerminalRunner;
  private terminating: Promise<void> | null = null;
  private hasExited = false;

  constructor(
    private readonly opts: AttachOptions,
    stream: Duplex,
    notStartedYet: boolean,
  ) {
    this.terminalRunner = opts.terminals;
    const { engine, container } = opts;
    engine.docker.modem.demuxStream(stream, this.stdout, this.stderr);
    // Not `pipe` with end: ending our stdin must not half-close the hijacked socket.
    this.stdin.on('data', (chunk: Buffer) => {
      if (!stream.destroyed) stream.write(chunk);
    });
    stream.on('error', () => undefined);
    const streamEnded = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
    });
    // A container not started yet is "not running" already: wait for its next exit instead.
    this.exited = container
      .wait(notStartedYet ? { condition: 'next-exit' } : {})
      .then((r: { StatusCode?: number }) => exitOf(r.StatusCode ?? null))
      .catch(() => ({ exitCode: null, signal: null }) as RuntimeExit)
      .then(async (status) => {
        this.hasExited = true;
        await Promise.race([streamEnded, delay(DRAIN_CAP_MS)]);
        stream.destroy();
        this.stdout.end();
        this.stderr.end();
        await container.remove({ force: true }).catch(() => undefined);
        this.opts.onRemoved('agent_ended');
        return status;
      });
  }

  terminate(graceMs = 5_000): Promise<void> {
    this.terminating ??= (async () => {
      if (!this.hasExited) {
        const c = this.opts.container;
        // `stop` is SIGTERM, then SIGKILL after t seconds; t=0 kills at once.
        await c.stop({ t: Math.ceil(graceMs / 1000) }).catch(() => c.kill().catch(() => undefined));
      }
      await this.exited;
    })();
    return this.terminating;
  }
}

/** Docker reports "killed by signal N" as 128+N; the local runtime reports a signal name instead. */
export function exitOf(code: number | null): RuntimeExit {
  if (code !== null && code > 128 && code < 160) {
    const name = Object.entries(osConstants.signals).find(([, n]) => n === code - 128)?.[0];
    if (name) return { exitCode: null, signal: name };
  }
  return { exitCode: code, signal: null };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
