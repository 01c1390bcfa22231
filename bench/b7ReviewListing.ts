// B7 review listing: GET /api/v1/sessions/:id/changes (the whole-session changed-file listing,
// with line counts) of an `implement` session whose worktree has 1,000 changed files: 700
// tracked files edited and 300 new untracked ones, written straight into the worktree by the
// bench after the agent's turn (the demo agent writes one file per turn). Timed with plain fetch,
// from the request to the whole body, so client-side validation is not counted.
// Context (no target): plain git on the same worktree doing the least a listing with counts
// needs: `git status --porcelain -z --untracked-files=all` and `git diff --numstat -z <base>`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BenchDaemon } from './benchDaemon.js';
import { iterate, type BenchContext } from './context.js';
import type { Row } from './measures.js';
import { createSession, newProject, waitForStates } from './sessions.js';
import { now } from './timing.js';

const execFileAsync = promisify(execFile);

async function listingMs(daemon: BenchDaemon, sessionId: string, expected: number): Promise<number> {
  const t0 = now();
  const res = await fetch(`http://127.0.0.1:${daemon.port}/api/v1/sessions/${sessionId}/changes`, { headers: { authorization: `Bearer ${daemon.token}` } });
  const text = await res.text();
  const ms = now() - t0;
  if (!res.ok) throw new Error(`the listing answered ${res.status}: ${text.slice(0, 300)}`);
  const files = (JSON.parse(text) as { totals: { files: number } }).totals.files;
  if (files !== expected) throw new Error(`the listing has ${files} files, expected ${expected}`);
  return ms;
}

async function gitMs(worktree: string, base: string): Promise<number> {
  const t0 = now();
  await execFileAsync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: worktree, maxBuffer: 64 * 1024 * 1024 });
  await execFileAsync('git', ['diff', '--numstat', '-z', base], { cwd: worktree, maxBuffer: 64 * 1024 * 1024 });
  return now() - t0;
}

export async function runB7(ctx: BenchContext, daemon: BenchDaemon): Promise<Row[]> {
  const changed = ctx.quick ? 20 : 1_000;
  const edited = Math.round(changed * 0.7);
  const { slug } = await newProject(daemon, ctx.tmp, edited + 200, 'b7');
  const session = await createSession(daemon, { project: slug, prompt: 'flood 1' });
  await waitForStates(daemon, session.id, ['completed']);
  const worktree = session.worktreePath!;
  for (let i = 0; i < edited; i++) {
    const file = path.join(worktree, 'src', `m${Math.floor(i / 100)}`, `f${i}.ts`);
    fs.appendFileSync(file, `export const edited${i} = true;\n`);
  }
  fs.mkdirSync(path.join(worktree, 'added'), { recursive: true });
  for (let i = 0; i < changed - edited; i++) fs.writeFileSync(path.join(worktree, 'added', `new${i}.ts`), `export const added${i} = ${i};\n`);
  ctx.details.b7 = { changed, edited, added: changed - edited };
  const results = await iterate(ctx, 'B7', ctx.quick ? 1 : ctx.runs + 2, async () => ({
    git: await gitMs(worktree, session.baseCommit!),
    daemon: await listingMs(daemon, session.id, changed),
  }));
  return [
    {
      id: 'B7',
      metric: `review listing: GET …/changes of ${changed.toLocaleString('en-US')} changed files`,
      unit: 'ms',
      samples: results.map((r) => r.daemon),
      baseline: { label: 'git status + git diff --numstat', samples: results.map((r) => r.git) },
      ratios: results.map((r) => r.daemon / r.git),
      target: { of: 'value', op: '<=', value: 1000 },
    },
  ];
}
