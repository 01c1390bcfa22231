// B11 session ready with a 200 MB include: a project whose git-ignored `big/` folder holds 200 MB
// of random bytes (50 × 4 MB), brought into every worktree by a `.switchboard/config.json` rule
// `{ path: 'big/', mode: 'hardlink' }`.
//   - daemon: POST /sessions (the demo agent, prompt `flood 1`) until its answer. The daemon
//     answers once the worktree is made, the included files are linked into it and the session is
//     stored (the agent starts after). The same session's first chunk at a WS subscriber is logged
//     too, not judged.
//   - baseline: `git worktree add -b <branch> <dir> main` then `cp -a big/ <dir>/big` on the same
//     repository: what one does by hand to get the same files into a new worktree.
// Each side is timed twice: until ready (the copy may still sit in the page cache, unwritten) and
// until on disk (`sync -f` of the filesystem right after, both sides; the machine is synced,
// untimed, before each side). The copy's real cost is the 200 MB it must write; a hard link writes
// none. The judged ratio is the on-disk one; the page-cache one is reported beside it.
// Sides alternate which goes first. Sessions (with worktree and branch) and baseline worktrees are
// removed after each iteration, untimed, so 200 MB copies do not pile up on the disk.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_CONFIG_FILE } from '../daemon/protocol/projectConfig.js';
import type { BenchDaemon } from './benchDaemon.js';
import { git, makeRepo } from './benchRepo.js';
import { iterate, type BenchContext } from './context.js';
import type { Row } from './measures.js';
import { createSession, deleteSession, explainSession } from './sessions.js';
import { StreamTap } from './streamTap.js';
import { now, withTimeout } from './timing.js';

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;
const BLOB_MIB = 4;
const TIMEOUT_MS = 120_000;

/** A 20-file repository whose ignored `big/` holds `bigMiB` of random bytes, linked in by its config. */
function includeRepo(ctx: BenchContext, bigMiB: number, warmWorktree: boolean): string {
  const repo = makeRepo(ctx.tmp, 20);
  fs.writeFileSync(path.join(repo, '.gitignore'), 'big/\n');
  fs.mkdirSync(path.join(repo, path.dirname(PROJECT_CONFIG_FILE)), { recursive: true });
  fs.writeFileSync(path.join(repo, PROJECT_CONFIG_FILE), `${JSON.stringify({ include: [{ path: 'big/', mode: 'hardlink' }], warmWorktree }, null, 2)}\n`);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'include big/ by hard link');
  // Random bytes: nothing on the way (filesystem, compression) can make the copy cheap.
  fs.mkdirSync(path.join(repo, 'big'));
  for (let i = 0; i < bigMiB / BLOB_MIB; i++) fs.writeFileSync(path.join(repo, 'big', `blob-${i}.bin`), crypto.randomBytes(BLOB_MIB * MiB));
  return repo;
}

type Timed = { readyMs: number; durableMs: number };

/** Flushes the filesystem holding `dir` (what `sync -f` does); resolves when it is on disk. */
async function syncFs(dir: string): Promise<void> {
  await execFileAsync('sync', ['-f', dir]);
}

/** `git worktree add` + `cp -a big/`, timed; the worktree and branch are removed after, untimed. */
async function byHandMs(ctx: BenchContext, repo: string, n: number): Promise<Timed> {
  const dir = path.join(ctx.tmp.make('b11-wt'), 'wt');
  const branch = `bench/by-hand-${n}`;
  await execFileAsync('sync');
  const t0 = now();
  await execFileAsync('git', ['worktree', 'add', '-q', '-b', branch, dir, 'main'], { cwd: repo });
  await execFileAsync('cp', ['-a', path.join(repo, 'big') + path.sep, path.join(dir, 'big')]);
  const readyMs = now() - t0;
  await syncFs(dir);
  const durableMs = now() - t0;
  git(repo, 'worktree', 'remove', '--force', dir);
  git(repo, 'branch', '-D', branch);
  return { readyMs, durableMs };
}

/** The create request's answer time and the first chunk's, both from the POST; the session is deleted after. */
async function viaDaemon(daemon: BenchDaemon, slug: string, repo: string, blobs: number): Promise<Timed & { firstChunkMs: number }> {
  let firstAt = 0;
  let onFirst: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const tap = new StreamTap({
    port: daemon.port,
    token: daemon.token,
    since: 0,
    project: slug,
    onFrame: (f) => {
      if (f.kind === 'event' && f.type === 'agent.message_chunk' && firstAt === 0) {
        firstAt = f.at;
        onFirst();
      }
    },
  });
  try {
    await withTimeout('the stream to go live', tap.whenLive(), TIMEOUT_MS);
    await execFileAsync('sync');
    const t0 = now();
    const session = await createSession(daemon, { project: slug, prompt: 'flood 1' });
    const readyMs = now() - t0;
    if (session.worktreePath) await syncFs(session.worktreePath);
    const durableMs = now() - t0;
    // Untimed check that the answer came with the files in place, linked rather than copied.
    const linked = session.worktreePath ? path.join(session.worktreePath, 'big', `blob-${blobs - 1}.bin`) : '';
    if (session.state === 'queued' || !fs.existsSync(linked) || fs.statSync(linked).ino !== fs.statSync(path.join(repo, 'big', `blob-${blobs - 1}.bin`)).ino) {
      throw await explainSession(daemon, session.id, new Error(`B11: the create answer (state ${session.state}) came without big/ hard-linked into ${session.worktreePath}`));
    }
    await withTimeout('the first chunk (daemon)', Promise.race([first, tap.dropped]), TIMEOUT_MS).catch(async (err: unknown) => {
      throw await explainSession(daemon, session.id, err);
    });
    const firstChunkMs = firstAt - t0;
    await deleteSession(daemon, session.id);
    return { readyMs, durableMs, firstChunkMs };
  } finally {
    tap.close();
  }
}

/** Waits (untimed) until the daemon says the project's warm worktree is ready: the next start is warm. */
async function spareReady(daemon: BenchDaemon, slug: string, since: number): Promise<void> {
  const deadline = now() + TIMEOUT_MS;
  for (;;) {
    const { events } = await daemon.client.api.listEvents({ query: { project: slug, type: 'log', since, limit: 1000 } });
    if (events.some((e) => JSON.stringify(e.payload).includes('is ready for the next session'))) return;
    if (now() > deadline) throw new Error(`B11: no warm worktree of ${slug} became ready`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Sample = { warm: Timed; cold: Timed; byHand: Timed; firstChunk: number };

export async function runB11(ctx: BenchContext, daemon: BenchDaemon): Promise<Row[]> {
  const bigMiB = ctx.quick ? 8 : 200;
  const blobs = bigMiB / BLOB_MIB;
  // The same project twice: one keeping a warm worktree (`warmWorktree: true`), one not.
  const warmRepo = includeRepo(ctx, bigMiB, true);
  const coldRepo = includeRepo(ctx, bigMiB, false);
  const [warmSlug, coldSlug] = ['b11-warm', 'b11-cold'];
  await daemon.client.api.addProject({ body: { path: warmRepo, slug: warmSlug } });
  await daemon.client.api.addProject({ body: { path: coldRepo, slug: coldSlug } });
  ctx.details.b11 = { bigMiB, blobs, mode: 'hardlink' };
  // The shared daemon's memory floor could queue the session (and then its answer comes before
  // any worktree): no floor for this benchmark, the daemon's own limits back after.
  const limits = await daemon.client.api.getAdmission();
  await daemon.client.api.updateAdmission({ body: { memoryFloorMb: 0 } });
  const warmOnce = async (): Promise<Timed & { firstChunkMs: number }> => {
    const since = (await daemon.client.api.health()).lastSeq;
    const d = await viaDaemon(daemon, warmSlug, warmRepo, blobs);
    await spareReady(daemon, warmSlug, since);
    return d;
  };
  let results: Sample[];
  try {
    // The first session of a project has no spare yet: one untimed start makes it.
    await warmOnce();
    results = await iterate(ctx, 'B11', ctx.quick ? 1 : ctx.runs * 2, async (_w, i) => {
      // Rotate who goes first, so no side always meets a machine the other just loaded.
      const sides = [() => byHandMs(ctx, coldRepo, i), warmOnce, () => viaDaemon(daemon, coldSlug, coldRepo, blobs)];
      const order = [0, 1, 2].map((k) => (k + i) % 3);
      const out: (Timed & { firstChunkMs?: number })[] = [];
      for (const k of order) out[k] = await sides[k]!();
      const [byHand, warm, cold] = out as [Timed, Timed & { firstChunkMs: number }, Timed];
      return { warm, cold, byHand, firstChunk: warm.firstChunkMs };
    });
  } finally {
    await daemon.client.api.updateAdmission({ body: { memoryFloorMb: limits.memoryFloorMb } });
  }
  return b11Rows(bigMiB, results);
}

function b11Rows(bigMiB: number, results: Sample[]): Row[] {
  const byHand = { label: 'git worktree add + cp -a big/ + sync -f', samples: results.map((r) => r.byHand.durableMs) };
  return [
    {
      id: 'B11',
      metric: `session ready with a ${bigMiB} MB hard-link include, on disk: POST /sessions answered (worktree made, big/ linked in, session stored) + sync -f`,
      unit: 'ms',
      samples: results.map((r) => r.cold.durableMs),
      baseline: byHand,
      ratios: results.map((r) => r.cold.durableMs / r.byHand.durableMs),
      target: { of: 'ratio', op: '<=', value: 0.5 },
    },
    {
      id: 'B11',
      metric: 'the same until ready only (the copy still in the page cache, not yet written)',
      unit: 'ms',
      samples: results.map((r) => r.cold.readyMs),
      baseline: { label: 'git worktree add + cp -a big/', samples: results.map((r) => r.byHand.readyMs) },
      ratios: results.map((r) => r.cold.readyMs / r.byHand.readyMs),
    },
    {
      id: 'B11',
      metric: 'the same project keeping a warm worktree (`warmWorktree: true`), on disk',
      unit: 'ms',
      samples: results.map((r) => r.warm.durableMs),
      baseline: byHand,
      ratios: results.map((r) => r.warm.durableMs / r.byHand.durableMs),
    },
    {
      id: 'B11',
      metric: 'the warm session: POST → first chunk at a WS subscriber',
      unit: 'ms',
      samples: results.map((r) => r.firstChunk),
    },
  ];
}
