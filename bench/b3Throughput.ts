// B3 throughput: the demo agent's `flood N` (N agent_message_chunk notifications, each awaited by
// the agent, so the pipe paces it: a slow reader slows the agent down).
//   - daemon: the session's chunks stored and delivered to 10 WebSocket subscribers (connected
//     and live before the session is created). Rate = N / (last chunk at the slowest subscriber
//     − first chunk at the fastest).
//   - baseline: the same flood read by a direct ACP client (the SDK's onNotification), rate =
//     N / (last chunk − first chunk).
// Then the store is counted: every emitted chunk must be persisted, and every subscriber must
// have seen each one. The last measured session is kept for B6 (replay).
import type { BenchDaemon } from './benchDaemon.js';
import { iterate, type BenchContext } from './context.js';
import { DirectAcpClient } from './directAcp.js';
import type { Row } from './measures.js';
import { countStored, createSession, deleteSession, explainSession, newProject, waitForStates } from './sessions.js';
import { StreamTap } from './streamTap.js';
import { withTimeout } from './timing.js';

const TIMEOUT_MS = 300_000;
const CHUNK = 'agent.message_chunk';

async function directRate(ctx: BenchContext, cwd: string, n: number): Promise<number> {
  let count = 0;
  let first = 0;
  let last = 0;
  const client = await DirectAcpClient.start({
    agentBundle: ctx.bundles.demoAgent,
    cwd,
    env: { ...process.env, DEMO_AGENT_HOME: ctx.tmp.make('b3-agent-home') },
    onChunk: (_text, at) => {
      if (count++ === 0) first = at;
      last = at;
    },
  });
  try {
    const sessionId = await client.newSession();
    await withTimeout('the direct flood', client.prompt(sessionId, `flood ${n}`), TIMEOUT_MS);
    if (count !== n) throw new Error(`the direct client saw ${count} of ${n} chunks`);
    return n / ((last - first) / 1000);
  } finally {
    await client.close();
  }
}

interface TapCount {
  chunks: number;
  first: number;
  last: number;
}

async function daemonRun(daemon: BenchDaemon, project: string, n: number, subscribers: number): Promise<{ rate: number; sessionId: string; lost: number }> {
  const counts: TapCount[] = [];
  const ended: Array<Promise<void>> = [];
  const taps: StreamTap[] = [];
  for (let i = 0; i < subscribers; i++) {
    const c: TapCount = { chunks: 0, first: 0, last: 0 };
    counts.push(c);
    let onEnd: () => void = () => undefined;
    ended.push(new Promise<void>((resolve) => (onEnd = resolve)));
    const tap = new StreamTap({
      port: daemon.port,
      token: daemon.token,
      since: 0,
      project,
      onFrame: (f) => {
        if (f.kind !== 'event') return;
        if (f.type === CHUNK) {
          if (c.chunks++ === 0) c.first = f.at;
          c.last = f.at;
        } else if (f.type === 'turn.ended') onEnd();
      },
    });
    taps.push(tap);
  }
  try {
    await withTimeout('the streams to go live', Promise.all(taps.map((t) => t.whenLive())), 30_000);
    const session = await createSession(daemon, { project, prompt: `flood ${n}` });
    await withTimeout('every subscriber to see turn.ended', Promise.race([Promise.all(ended), ...taps.map((t) => t.dropped)]), TIMEOUT_MS).catch(async (err: unknown) => {
      throw await explainSession(daemon, session.id, err);
    });
    const first = Math.min(...counts.map((c) => c.first));
    const last = Math.max(...counts.map((c) => c.last));
    await waitForStates(daemon, session.id, ['completed', 'failed']);
    const stored = (await countStored(daemon, session.id, [CHUNK])).get(CHUNK) ?? 0;
    // Emitted − persisted, plus each subscriber's shortfall against the store.
    const lost = n - stored + counts.reduce((sum, c) => sum + Math.max(0, stored - c.chunks), 0);
    return { rate: n / ((last - first) / 1000), sessionId: session.id, lost };
  } finally {
    for (const t of taps) t.close();
  }
}

export async function runB3(ctx: BenchContext, daemon: BenchDaemon): Promise<{ rows: Row[]; replaySessionId: string; replayEvents: number }> {
  const n = ctx.quick ? 2_000 : 100_000;
  const subscribers = ctx.quick ? 2 : 10;
  ctx.details.b3 = { chunks: n, subscribers };
  let keep = '';
  const results = await iterate(ctx, 'B3', ctx.runs, async (warm) => {
    // The warm-up runs a tenth of the flood: it warms both sides without costing a full run.
    const size = warm ? Math.max(1, Math.round(n / 10)) : n;
    const { slug, repo } = await newProject(daemon, ctx.tmp, 1, 'b3');
    const direct = await directRate(ctx, repo, size);
    const run = await daemonRun(daemon, slug, size, subscribers);
    if (keep) await deleteSession(daemon, keep);
    keep = run.sessionId;
    return { direct, daemon: run.rate, ratio: run.rate / direct, lost: run.lost };
  });
  const replayEvents = (await daemon.client.api.cleanupPreview({ params: { id: keep } })).eventCount;
  return {
    replaySessionId: keep,
    replayEvents,
    rows: [
      {
        id: 'B3',
        metric: `throughput: flood ${n.toLocaleString('en-US')} → stored + ${subscribers} WS subscribers`,
        unit: 'chunks/s',
        samples: results.map((r) => r.daemon),
        baseline: { label: 'direct ACP client', samples: results.map((r) => r.direct) },
        ratios: results.map((r) => r.ratio),
        target: { of: 'ratio', op: '>=', value: 0.8 },
      },
      {
        id: 'B3',
        metric: 'lost chunks (emitted − persisted, + each subscriber’s shortfall)',
        unit: 'chunks',
        samples: results.map((r) => r.lost),
        target: { of: 'value', op: '<=', value: 0 },
      },
    ],
  };
}
