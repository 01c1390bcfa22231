// Shared test harness: the built demo agent, temp dirs, and a host that records what it is told.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { AgentConnection, type AgentEvent, type AgentHost, type AgentLaunch, type PermissionAsk, type PermissionAnswer } from '../../daemon/agents/agentConnection.js';
import { LocalRuntimeProvider } from '../../daemon/agents/localRuntime.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const demoAgentBundle = path.join(repoRoot, 'dist', 'demo-agent.cjs');
const demoSources = path.join(repoRoot, 'daemon', 'agents', 'demo');

let building: Promise<void> | null = null;

/** Builds dist/demo-agent.cjs when it is missing or older than its sources. */
export function ensureDemoAgentBuilt(): Promise<void> {
  building ??= (async () => {
    const bundle = await stat(demoAgentBundle).catch(() => null);
    if (bundle) {
      const sources = await readdir(demoSources);
      const mtimes = await Promise.all(sources.map(async (f) => (await stat(path.join(demoSources, f))).mtimeMs));
      if (mtimes.every((m) => m <= bundle.mtimeMs)) return;
    }
    await esbuild.build({
      entryPoints: [path.join(demoSources, 'demoAgent.ts')],
      outfile: demoAgentBundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    });
  })();
  return building;
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `sb-${prefix}-`));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

type Waiter = { match: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void };

/** An AgentHost that records events and answers permission requests with a chosen policy. */
export class RecordingHost implements AgentHost {
  readonly events: AgentEvent[] = [];
  readonly permissionAsks: PermissionAsk[] = [];
  stderr = '';
  private waiters: Waiter[] = [];
  private askWaiters: Array<(ask: PermissionAsk) => void> = [];

  constructor(private answer: (ask: PermissionAsk) => Promise<PermissionAnswer> | PermissionAnswer = () => ({ outcome: 'cancelled' })) {}

  onEvent(e: AgentEvent): void {
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(e)) return true;
      w.resolve(e);
      return false;
    });
  }

  async requestPermission(req: PermissionAsk): Promise<PermissionAnswer> {
    this.permissionAsks.push(req);
    for (const w of this.askWaiters.splice(0)) w(req);
    return this.answer(req);
  }

  onStderr(text: string): void {
    this.stderr += text;
  }

  /** Resolves with the first event (already seen or future) of this type that matches. */
  waitFor<T extends AgentEvent['type']>(type: T, match: (e: Extract<AgentEvent, { type: T }>) => boolean = () => true): Promise<Extract<AgentEvent, { type: T }>> {
    const test = (e: AgentEvent): boolean => e.type === type && match(e as Extract<AgentEvent, { type: T }>);
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen as Extract<AgentEvent, { type: T }>);
    return new Promise((resolve) => this.waiters.push({ match: test, resolve: (e) => resolve(e as Extract<AgentEvent, { type: T }>) }));
  }

  /** Resolves with the next permission request (or the first one, if it already came). */
  nextPermissionAsk(): Promise<PermissionAsk> {
    const first = this.permissionAsks[0];
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => this.askWaiters.push(resolve));
  }

  ofType<T extends AgentEvent['type']>(type: T): Array<Extract<AgentEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
  }

  /** All agent message text, in order. */
  messageText(): string {
    return this.ofType('agent.message_chunk').map((e) => e.payload.text).join('');
  }
}

/** A launch of the demo agent in `cwd`, with its history under `agentHome`. */
export function demoLaunch(cwd: string, agentHome: string, overrides: Partial<AgentLaunch> = {}): AgentLaunch {
  return {
    runtime: new LocalRuntimeProvider(),
    command: process.execPath,
    args: [demoAgentBundle],
    env: { DEMO_AGENT_HOME: agentHome },
    home: agentHome,
    cwd,
    readOnly: false,
    requestTimeoutMs: 20_000,
    ...overrides,
  };
}

/** Starts the demo agent and opens a session; the caller terminates it. */
export async function startDemo(
  cwd: string,
  agentHome: string,
  host: RecordingHost,
  overrides: Partial<AgentLaunch> = {},
): Promise<{ conn: AgentConnection; sessionId: string }> {
  const conn = await AgentConnection.start(demoLaunch(cwd, agentHome, overrides), host);
  const sessionId = await conn.newSession();
  return { conn, sessionId };
}

export const allow = (optionId = 'allow_once') => (): PermissionAnswer => ({ outcome: 'selected', optionId });

/** What a test of the demo agent works in: its cwd, the agent's HOME, and connections to end after it. */
export interface DemoWorkspace {
  work: { path: string; remove: () => Promise<void> };
  home: { path: string; remove: () => Promise<void> };
  /** The test's connection, if it keeps one; ended after each test. */
  conn: AgentConnection | null;
  /** More connections to end after each test (restarts, several agents). */
  conns: AgentConnection[];
}

/**
 * Registers the hooks every demo-agent suite needs (build the bundle; fresh temp dirs per test;
 * end the agents and remove the dirs after it) and returns the workspace they fill in.
 */
export function useDemoWorkspace(): DemoWorkspace {
  const ws = { conn: null, conns: [] } as unknown as DemoWorkspace;
  before(ensureDemoAgentBuilt);
  beforeEach(async () => {
    ws.work = await tempDir('work');
    ws.home = await tempDir('home');
  });
  afterEach(async () => {
    await Promise.all([ws.conn, ...ws.conns.splice(0)].map((c) => c?.terminate()));
    ws.conn = null;
    await ws.work.remove();
    await ws.home.remove();
  });
  return ws;
}
