// The project's setup and teardown commands for one session's worktree (docs/worktree-setup.md).
// They run in the worktree, inside the session's sandbox when its agent gets one (decided as for
// the agent: agentLaunch.ts), with the agent's launch env and HOME. One driver process per run
// (setupDriver.ts) runs the commands in order and says where each ended; what setup leaves running
// in the background (a dev server) lives on in the driver's process group until `endBackground`.
import fs from 'node:fs';
import os from 'node:os';
import type { AgentRuntimeProvider, RuntimeExit, RuntimeProcess } from '../agents/runtime.js';
import type { SetupStatus } from '../protocol/fleetEntities.js';
import type { AgentTemplate, Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { Store } from '../storage/store.js';
import { agentHomeOf } from './briefAgent.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import type { SandboxPolicy } from './sandboxPolicy.js';
import { driverArgs, newNonce, type DriverAfter, type DriverMarker } from './setupDriver.js';
import { SetupOutput } from './setupOutput.js';
import type { SessionLogs } from './sessionLog.js';
import type { SessionRecords } from './sessionRecords.js';
import type { TemplateService } from './templateService.js';

/** What a failed setup reports: the command, how it ended, the tail of its output. */
export interface SetupFailure {
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Last lines of output, redacted. */
  tail: string;
}

export interface WorktreeHooksApi {
  /**
   * Runs `commands` in order in the session's worktree (inside the session's sandbox when it has
   * one), with `env` on top of the launch env. Keeps `session.setup` current (announced with
   * session.updated), emits setup.started/output/ended, writes the session log. Resolves when every
   * command exited 0; rejects with a `SetupFailedError` otherwise. Processes a command leaves running
   * in the background stay alive (in the session's setup process group) until `endBackground`.
   */
  setup(sessionId: string, commands: string[], env: Record<string, string>, timeoutMs: number): Promise<void>;
  /** Best effort before the worktree goes: runs `commands` (failures warn), then `endBackground`. */
  teardown(sessionId: string, commands: string[], env: Record<string, string>, timeoutMs: number): Promise<void>;
  /** Ends every process setup left running for the session (stop, failure, delete). Idempotent. */
  endBackground(sessionId: string): Promise<void>;
  /** Daemon shutdown: ends every session's background processes. */
  shutdown(): Promise<void>;
}

export type SetupFailedError = SwitchboardError & { failure: SetupFailure };

/** A setup that did not succeed. `aborted`: ended by a stop or delete, not by its own commands. */
export class SetupFailed extends SwitchboardError implements SetupFailedError {
  readonly reason = 'setup_failed';
  constructor(
    readonly failure: SetupFailure,
    readonly aborted: boolean,
  ) {
    super('conflict', `setup failed: ${describeFailure(failure)}`, 'setup', { ...failure });
    this.name = 'SetupFailed';
  }
}

/** "`npm ci` exited with code 1", "… timed out after 600 s" — the command and how it ended. */
export function describeFailure(f: SetupFailure, timeoutMs?: number): string {
  const how = f.timedOut
    ? `timed out${timeoutMs ? ` after ${Math.round(timeoutMs / 1000)} s` : ''}`
    : f.exitCode !== null
      ? `exited with code ${f.exitCode}${f.signal ? ` (${f.signal})` : ''}`
      : `was ended by ${f.signal ?? 'an unknown cause'}`;
  return `\`${f.command}\` ${how}`;
}

export interface WorktreeHooksDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  logs: SessionLogs;
  templates: TemplateService;
  runtime: AgentRuntimeProvider;
  runtimeFor?: (template: AgentTemplate, session: Session) => AgentRuntimeProvider;
  agentHomesDir: string;
  sandboxes: SandboxPolicy;
  /** How long a polite SIGTERM gets before SIGKILL. */
  graceMs?: number;
}

type Phase = 'setup' | 'teardown';

/** One driver process: its output and the markers it wrote, consumed in order. */
class DriverRun {
  private readonly markers: DriverMarker[] = [];
  private wake: (() => void) | null = null;
  /** Set once the daemon ended it on purpose (stop, delete, shutdown). */
  ended = false;

  constructor(
    readonly proc: RuntimeProcess,
    readonly output: SetupOutput,
  ) {}

  push(marker: DriverMarker): void {
    this.markers.push(marker);
    this.wake?.();
  }

  /** The next marker of `kind` (earlier ones of other kinds are dropped), or null once the driver exited. */
  async next<K extends DriverMarker['kind']>(kind: K): Promise<Extract<DriverMarker, { kind: K }> | null> {
    let exited = false;
    void this.proc.exited.then(() => {
      exited = true;
      this.wake?.();
    });
    for (;;) {
      const marker = this.markers.shift();
      if (marker?.kind === kind) return marker as Extract<DriverMarker, { kind: K }>;
      if (marker) continue;
      if (exited) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

type CommandEnd = { kind: 'ok' } | { kind: 'failed'; failure: SetupFailure };

const DEFAULT_GRACE_MS = 2_000;

export class WorktreeHooks implements WorktreeHooksApi {
  /** Each session's setup driver: running its commands, or kept alive for what they left running. */
  private readonly setups = new Map<string, DriverRun>();
  private readonly teardowns = new Set<DriverRun>();

  constructor(private readonly deps: WorktreeHooksDeps) {}

  async setup(sessionId: string, commands: string[], env: Record<string, string>, timeoutMs: number): Promise<void> {
    // A failed run's leftovers, or a previous worktree's: setup starts from a clean slate.
    await this.endBackground(sessionId);
    const startedAt = nowIso();
    const status = (patch: Partial<SetupStatus>): void => this.setStatus(sessionId, { state: 'running', command: null, index: 0, total: commands.length, commandStartedAt: null, startedAt, endedAt: null, exitCode: null, ...patch });
    const run = await this.start(sessionId, 'setup', commands, env, 'keepBackground').catch((err: unknown) => this.startFailure(commands[0] ?? '', err));
    if (!(run instanceof DriverRun)) return this.fail(status, commands, 0, run, false);
    this.setups.set(sessionId, run);
    for (const [index, command] of commands.entries()) {
      status({ command, index, commandStartedAt: nowIso() });
      this.showProgress(sessionId, command, index, commands.length);
      const end = await this.runCommand(sessionId, run, 'setup', commands, index, timeoutMs);
      if (end.kind === 'failed') {
        const aborted = run.ended;
        await this.endBackground(sessionId);
        return this.fail(status, commands, index, end.failure, aborted);
      }
    }
    run.output.stopEvents();
    status({ state: 'done', command: null, index: Math.max(0, commands.length - 1), endedAt: nowIso(), exitCode: 0 });
    await this.keepBackground(sessionId, run);
  }

  async teardown(sessionId: string, commands: string[], env: Record<string, string>, timeoutMs: number): Promise<void> {
    if (commands.length > 0) await this.runTeardown(sessionId, commands, env, timeoutMs);
    await this.endBackground(sessionId);
  }

  async endBackground(sessionId: string): Promise<void> {
    const run = this.setups.get(sessionId);
    if (!run) return;
    this.setups.delete(sessionId);
    run.ended = true;
    await run.proc.terminate(this.deps.graceMs ?? DEFAULT_GRACE_MS);
  }

  async shutdown(): Promise<void> {
    const grace = this.deps.graceMs ?? DEFAULT_GRACE_MS;
    const teardowns = [...this.teardowns].map((run) => ((run.ended = true), run.proc.terminate(grace)));
    await Promise.all([...[...this.setups.keys()].map((id) => this.endBackground(id)), ...teardowns]);
  }

  private async runTeardown(sessionId: string, commands: string[], env: Record<string, string>, timeoutMs: number): Promise<void> {
    const s = this.deps.records.get(sessionId);
    const warn = (f: SetupFailure): void => {
      const message = `teardown ${describeFailure(f, timeoutMs)}; the worktree is removed anyway${f.tail ? `; output:\n${f.tail}` : ''}`;
      this.deps.bus.emit('log', this.deps.records.scope(s), { level: 'warn', message });
      this.deps.logs.write(sessionId, 'daemon', message);
    };
    const run = await this.start(sessionId, 'teardown', commands, env, 'exit').catch((err: unknown) => this.startFailure(commands[0] ?? '', err));
    if (!(run instanceof DriverRun)) return warn(run);
    this.teardowns.add(run);
    try {
      for (const index of commands.keys()) {
        const end = await this.runCommand(sessionId, run, 'teardown', commands, index, timeoutMs);
        if (end.kind === 'failed') return warn(end.failure);
      }
      await run.proc.exited;
    } finally {
      this.teardowns.delete(run);
      await run.proc.terminate(this.deps.graceMs ?? DEFAULT_GRACE_MS);
    }
  }

  /** Follows one command from its start to its end marker, the driver's exit, or its timeout. */
  private async runCommand(sessionId: string, run: DriverRun, phase: Phase, commands: string[], index: number, timeoutMs: number): Promise<CommandEnd> {
    const { bus, records } = this.deps;
    const scope = records.scope(records.get(sessionId));
    const command = commands[index] ?? '';
    const total = commands.length;
    const began = Date.now();
    bus.emit('setup.started', scope, { phase, index, total, command, timeoutMs });
    this.deps.logs.write(sessionId, 'daemon', `${phase} ${index + 1}/${total}: ${command}`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([run.next('end'), timedOut]).finally(() => clearTimeout(timer));
    let failure: SetupFailure | null = null;
    if (outcome === 'timeout') {
      await run.proc.terminate(this.deps.graceMs ?? DEFAULT_GRACE_MS);
      failure = { command, exitCode: null, signal: null, timedOut: true, tail: run.output.tail() };
    } else if (outcome === null || outcome.exitCode !== 0) {
      // Its output drained before `exited` settles, so the tail is complete.
      const exit = await run.proc.exited;
      failure = commandFailure(command, outcome?.exitCode ?? null, exit, run.output.tail());
    }
    run.output.flush();
    const durationMs = Date.now() - began;
    const exitCode = failure ? failure.exitCode : 0;
    bus.emit('setup.ended', scope, { phase, index, total, command, exitCode, signal: failure?.signal ?? null, durationMs, timedOut: failure?.timedOut ?? false, tail: failure ? failure.tail : null });
    this.deps.logs.write(sessionId, 'daemon', `${phase} ${index + 1}/${total}: ${failure ? describeFailure(failure, timeoutMs) : 'done'} (${(durationMs / 1000).toFixed(1)} s)`);
    return failure ? { kind: 'failed', failure } : { kind: 'ok' };
  }

  /** Starts the driver in the worktree, in the sandbox the session's agent would get. */
  private async start(sessionId: string, phase: Phase, commands: string[], env: Record<string, string>, after: DriverAfter): Promise<DriverRun> {
    const deps = this.deps;
    const { records, templates } = deps;
    const s = records.get(sessionId);
    const worktree = s.worktreePath;
    if (!worktree) throw new SwitchboardError('conflict', `session ${s.shortId} has no worktree to run ${phase} in`, 'worktreePath');
    const template = templates.get(s.agent);
    const home = await agentHomeOf(deps.agentHomesDir, template);
    // A container runtime makes one container per agent: the hooks run on the host, sandboxed as a local agent would be.
    const chosen = deps.runtimeFor?.(template, s) ?? deps.runtime;
    const runtime = chosen.confinement === 'container' ? deps.runtime : chosen;
    const repoPath = deps.store.projects.get(s.projectId)?.repoPath ?? worktree;
    const { sandbox, isolation } = await deps.sandboxes.decide({ template, session: s, repoPath, agentHome: home, runtime, searchPath: process.env.PATH });
    deps.logs.write(sessionId, 'daemon', `${phase} runs in the worktree (${isolation.detail})`);
    const nonce = newNonce();
    const proc = await runtime.start({
      command: 'sh',
      args: driverArgs(nonce, commands, after, sandbox !== undefined),
      env: { ...templates.launchEnv(template), ...env, SWITCHBOARD_SESSION: s.id },
      home,
      cwd: worktree,
      // The agent may start in a scoped sub-folder; the hooks start at the worktree's root.
      ...(sandbox ? { sandbox: { ...sandbox, spec: { ...sandbox.spec, cwd: fs.realpathSync(worktree) } } } : {}),
    });
    proc.stdin.end();
    let run: DriverRun | null = null;
    const output = new SetupOutput(nonce, {
      redact: (text) => deps.logs.redact(text),
      event: (stream, text) => deps.bus.emit('setup.output', records.scope(s), { phase, stream, text }),
      log: (lines) => {
        // Nothing after an end on purpose: a deleted session's log must not come back.
        if (!run?.ended && records.find(sessionId)) deps.logs.write(sessionId, 'daemon', lines.map((l) => `${phase}> ${l}`).join('\n'));
      },
      marker: (m) => run?.push(m),
    });
    run = new DriverRun(proc, output);
    void output.attach(proc.stdout, proc.stderr);
    return run;
  }

  private startFailure(command: string, err: unknown): SetupFailure {
    const message = err instanceof Error ? err.message : String(err);
    return { command, exitCode: null, signal: null, timedOut: false, tail: this.deps.logs.redact(`could not start: ${message}`) };
  }

  /** Keeps the driver (and the sandbox holding what setup left running) until the session stops. */
  private async keepBackground(sessionId: string, run: DriverRun): Promise<void> {
    const marker = await run.next('background');
    void run.proc.exited.then(() => {
      if (this.setups.get(sessionId) === run) this.setups.delete(sessionId);
    });
    if (marker && marker.processes > 0) {
      this.deps.logs.write(sessionId, 'daemon', `setup left ${marker.processes} process(es) running; they end when the session stops or is deleted`);
    }
  }

  private fail(status: (patch: Partial<SetupStatus>) => void, commands: string[], index: number, failure: SetupFailure, aborted: boolean): never {
    status({ state: 'failed', command: commands[index] ?? null, index, endedAt: nowIso(), exitCode: failure.exitCode });
    throw new SetupFailed(failure, aborted);
  }

  /** "setting up: npm ci (1/2)" in the session's state detail while it runs. */
  private showProgress(sessionId: string, command: string, index: number, total: number): void {
    const s = this.deps.records.find(sessionId);
    if (s) this.deps.records.setState(sessionId, s.state, 'setting_up', `setting up: ${command} (${index + 1}/${total})`, 'set up');
  }

  private setStatus(sessionId: string, setup: SetupStatus): void {
    if (this.deps.records.find(sessionId)) this.deps.records.update(sessionId, { setup }, true);
  }
}

/** How a command ended, from its marker's exit code and the driver's own exit. */
function commandFailure(command: string, markerCode: number | null, exit: RuntimeExit, tail: string): SetupFailure {
  if (markerCode !== null) {
    // sh reports a command killed by signal N as 128 + N.
    const signal = markerCode > 128 ? (signalName(markerCode - 128) ?? null) : null;
    return { command, exitCode: markerCode, signal, timedOut: false, tail };
  }
  return { command, exitCode: exit.exitCode, signal: exit.signal, timedOut: false, tail };
}

function signalName(n: number): string | undefined {
  return Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0];
}
