// Real parts for tests: a temp git repository, and the real daemon bundle as a child process
// with its own state dir, reached through the typed client and the event stream.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import WebSocket from 'ws';
import { SwitchboardClient, daemonBaseUrl } from '../../daemon/protocol/client.js';
import { DiscoverySchema, type Discovery } from '../../daemon/protocol/discovery.js';
import type { SessionState } from '../../daemon/protocol/entities.js';
import { EventStream, type StreamEvent, type WebSocketLikeConstructor } from '../../daemon/protocol/eventStream.js';
import { until } from './until.js';

// Most tests that start a daemon also wait on it: one import gives them both.
export { until } from './until.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const DAEMON_BUNDLE = path.join(ROOT, 'dist', 'daemon.cjs');
export const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli.cjs');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sb-${prefix}-`));
}

/** A git repository with one commit on `main`; its own identity so no global config is needed. */
export function makeRepo(files: Record<string, string> = { 'README.md': '# demo\n' }): string {
  const dir = tempDir('repo');
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.invalid');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return fs.realpathSync(dir);
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** Alive and not a zombie: an orphan whose reaper (PID 1 here) has not collected it yet has ended all the same. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Daemons whose exit a test asked for (stop, kill9): their exit is not news. */
const stopping = new WeakSet<ChildProcess>();

export class DaemonProcess {
  private constructor(
    readonly home: string,
    readonly child: ChildProcess,
    readonly discovery: Discovery,
    readonly client: SwitchboardClient,
    private readonly output: { text: string },
  ) {}

  /** `as`: run the daemon as another account (root only), e.g. to see files come out as that uid. */
  static async start(opts: { home?: string; env?: NodeJS.ProcessEnv; as?: { uid: number; gid: number } } = {}): Promise<DaemonProcess> {
    const home = opts.home ?? tempDir('home');
    const output = { text: '' };
    const child = spawn(process.execPath, [DAEMON_BUNDLE, '--home', home], {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.as ? { uid: opts.as.uid, gid: opts.as.gid } : {}),
    });
    child.stdout?.on('data', (d: Buffer) => (output.text += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output.text += d.toString()));
    let exited = false;
    child.once('exit', (code, signal) => {
      exited = true;
      // A daemon that dies under a test shows up there only as "daemon not reachable"; say why here.
      if (!stopping.has(child)) console.error(`      [daemonHarness] daemon ${child.pid} exited (code ${code}, signal ${signal}) without stop()/kill9(); its last output:\n${output.text.slice(-2000)}`);
    });
    const discovery = await until('daemon.json of the new daemon', () => {
      if (exited) throw new Error(`the daemon exited during start:\n${output.text}`);
      try {
        const d = DiscoverySchema.parse(JSON.parse(fs.readFileSync(path.join(home, 'daemon.json'), 'utf8')));
        return d.pid === child.pid ? d : null;
      } catch {
        return null;
      }
    });
    const client = new SwitchboardClient({ baseUrl: daemonBaseUrl(discovery.port), token: discovery.token });
    await client.api.health();
    return new DaemonProcess(home, child, discovery, client, output);
  }

  get pid(): number {
    return this.discovery.pid;
  }

  get outputText(): string {
    return this.output.text;
  }

  /** Graceful stop; resolves when the process has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    stopping.add(this.child);
    this.child.kill('SIGTERM');
    await gone;
  }

  async kill9(): Promise<void> {
    const gone = new Promise((r) => this.child.once('exit', r));
    stopping.add(this.child);
    this.child.kill('SIGKILL');
    await gone;
  }

  /** Collects a session's events from the stream until `done(events)` holds. */
  async waitForEvents(filter: { session?: string; since?: number }, done: (events: StreamEvent[]) => boolean, timeoutMs = 30_000): Promise<StreamEvent[]> {
    const events: StreamEvent[] = [];
    return new Promise<StreamEvent[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.close();
        reject(new Error(`timed out; saw ${events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      const stream = new EventStream({
        url: `ws://127.0.0.1:${this.discovery.port}`,
        token: this.discovery.token,
        since: filter.since ?? 0,
        ...(filter.session ? { session: filter.session } : {}),
        WebSocketImpl: WebSocket as unknown as WebSocketLikeConstructor,
        onEvent: (e) => {
          events.push(e);
          if (done(events)) {
            clearTimeout(timer);
            stream.close();
            resolve(events);
          }
        },
      });
    });
  }

  /** Resolves once the session is in one of `states` (a condition poll of the API). */
  async waitForState(sessionId: string, states: SessionState[], timeoutMs = 30_000): Promise<SessionState> {
    return until(`session ${sessionId} to reach ${states.join('|')}`, async () => {
      const s = (await this.client.api.getSession({ params: { id: sessionId } })).session.state;
      return states.includes(s) ? s : null;
    }, timeoutMs);
  }
}
