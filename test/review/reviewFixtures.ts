// Shared parts of the review tests: a real daemon, real repositories, demo-agent sessions that
// write files without asking (`write PATH TEXT` under policy allow-all), and a way to wait for a
// turn to be fully settled (its checkpoint recorded) rather than sleeping.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

/** git with a fixed identity and no signing, as a person at a terminal would run it. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Person', '-c', 'user.email=person@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** What a person would compare to be sure nothing moved: HEAD, the branch, and the full porcelain status. */
export function checkoutState(dir: string): string {
  return [git(dir, 'rev-parse', 'HEAD'), git(dir, 'symbolic-ref', '-q', 'HEAD'), execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })].join('\n');
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function write(root: string, rel: string, content: string | Buffer): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export class ReviewWorld {
  private constructor(
    readonly daemon: DaemonProcess,
    readonly repo: string,
    readonly project: string,
  ) {}

  static async start(files: Record<string, string> = { 'README.md': '# demo\n' }): Promise<ReviewWorld> {
    const repo = makeRepo(files);
    const daemon = await DaemonProcess.start();
    const { project } = await daemon.client.api.addProject({ body: { path: repo } });
    return new ReviewWorld(daemon, repo, project.slug);
  }

  get api() {
    return this.daemon.client.api;
  }

  /** A session whose first turn writes `file` with `text`; resolves once the turn is settled. */
  async session(file: string, text: string, opts: { baseRef?: string } = {}): Promise<Session & { worktreePath: string; branch: string; baseCommit: string }> {
    const { session } = await this.api.createSession({
      body: { project: this.project, agent: 'demo', action: 'implement', prompt: `write ${file} ${text}`, permissionPolicy: 'allow-all', ...(opts.baseRef ? { baseRef: opts.baseRef } : {}) },
    });
    await this.settled(session.id, 0);
    const s = (await this.api.getSession({ params: { id: session.id } })).session;
    if (!s.worktreePath || !s.branch || !s.baseCommit) throw new Error('the session has no worktree');
    return s as Session & { worktreePath: string; branch: string; baseCommit: string };
  }

  /** A follow-up turn; resolves once it is settled. */
  async turn(id: string, prompt: string): Promise<number> {
    const { turn } = await this.api.followup({ params: { id }, body: { text: prompt } });
    await this.settled(id, turn.index);
    return turn.index;
  }

  /** Turn `index` ended and the session came to rest — which the runner does only after the turn-end hook (checkpoint) ran. */
  async settled(id: string, index: number): Promise<void> {
    await until(`turn ${index} of ${id} to settle`, async () => {
      const d = await this.api.getSession({ params: { id } });
      const turn = d.turns.find((t) => t.index === index);
      return turn?.state === 'done' && d.session.state === 'completed';
    });
  }

  async eventsOf(id: string, type: string): Promise<{ type: string; payload: unknown }[]> {
    return (await this.api.listEvents({ query: { session: id, type, limit: 10_000 } })).events;
  }

  async stop(): Promise<void> {
    await this.daemon.stop();
  }
}

/** Asserts a rejected daemon call's code and returns its details. */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; message: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: string; status: number; message: string; details?: Record<string, unknown> };
    return { code: e.code, status: e.status, message: e.message, details: e.details ?? {} };
  }
  throw new Error('expected the daemon to refuse');
}
