// B2 session start, on a 5,000-file repository, until the first agent chunk reaches a consumer:
//   - daemon: POST /sessions (an `implement` session of the demo agent, prompt `flood 1`) until
//     the first agent.message_chunk frame arrives on a WebSocket subscribed (project filter,
//     already live) before the POST. Everything the daemon does is inside: worktree and branch
//     creation and verification, storing, spawning the agent, initialize, session/new, prompt,
//     storing the chunk, broadcasting it.
//   - baseline: `git worktree add -b <branch> <dir> main` on the same repository, then a direct
//     ACP client (the SDK, no daemon) spawning the demo agent: initialize, session/new, prompt,
//     first chunk.
// Sessions and worktrees are removed after each iteration, untimed.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BenchDaemon } from './benchDaemon.js';
import { git } from './benchRepo.js';
import { iterate, type BenchContext } from './context.js';
import { DirectAcpClient } from './directAcp.js';
import type { Row } from './measures.js';
import { firstChunkMs } from './firstChunk.js';
import { newProject } from './sessions.js';
import { now, withTimeout } from './timing.js';

const execFileAsync = promisify(execFile);
const TIMEOUT_MS = 60_000;

async function directMs(ctx: BenchContext, repo: string, n: number): Promise<number> {
  const dir = path.join(ctx.tmp.make('b2-wt'), 'wt');
  const branch = `bench/direct-${n}`;
  const agentHome = ctx.tmp.make('b2-agent-home');
  const t0 = now();
  await execFileAsync('git', ['worktree', 'add', '-q', '-b', branch, dir, 'main'], { cwd: repo });
  let firstAt = 0;
  let onFirst: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const client = await DirectAcpClient.start({
    agentBundle: ctx.bundles.demoAgent,
    cwd: dir,
    env: { ...process.env, DEMO_AGENT_HOME: agentHome },
    onChunk: (_text, at) => {
      if (firstAt === 0) {
        firstAt = at;
        onFirst();
      }
    },
  });
  let ms: number;
  try {
    const sessionId = await client.newSession();
    const turn = client.prompt(sessionId, 'flood 1');
    await withTimeout('the first chunk (direct)', first, TIMEOUT_MS);
    ms = firstAt - t0;
    await turn;
  } finally {
    await client.close();
  }
  git(repo, 'worktree', 'remove', '--force', dir);
  git(repo, 'branch', '-D', branch);
  return ms;
}

export async function runB2(ctx: BenchContext, daemon: BenchDaemon): Promise<Row[]> {
  const fileCount = ctx.quick ? 50 : 5_000;
  const { slug, repo } = await newProject(daemon, ctx.tmp, fileCount, 'b2');
  ctx.details.b2 = { fileCount };
  const results = await iterate(ctx, 'B2', ctx.runs, async (_warm, i) => {
    // This VM's disk is rate-limited: checkouts of 5,000 files slow down as they follow each
    // other, so the side that goes second would pay for the first. Alternate who goes first.
    if (i % 2 === 0) {
      const direct = await directMs(ctx, repo, i);
      return { direct, daemon: await firstChunkMs(daemon, { project: slug, prompt: 'flood 1' }) };
    }
    const viaDaemon = await firstChunkMs(daemon, { project: slug, prompt: 'flood 1' });
    return { direct: await directMs(ctx, repo, i), daemon: viaDaemon };
  });
  return [
    {
      id: 'B2',
      metric: `session start → first chunk at a WS subscriber (${fileCount.toLocaleString('en-US')} files)`,
      unit: 'ms',
      samples: results.map((r) => r.daemon),
      baseline: { label: 'git worktree add + direct ACP client', samples: results.map((r) => r.direct) },
      ratios: results.map((r) => r.daemon / r.direct),
      target: { of: 'ratio', op: '<=', value: 1.25 },
    },
  ];
}
