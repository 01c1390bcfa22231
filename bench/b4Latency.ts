// B4 latency: chunk → subscriber at 1,000 chunks/s.
// The demo agent cannot serve here: `slow N 1` paces with setTimeout (≈ 1.1–1.3 ms apart, so
// below 1,000/s) and its `chunk <i>` carries no send time. The bench's own stamp agent
// (stampAgent.ts, spawned by the daemon as an ad-hoc `spawn` command) sends on an absolute
// 1 ms schedule and writes its wall-clock send time (performance.timeOrigin + now(), sub-ms)
// into each chunk. Latency = arrival at the subscriber − send time, both on this machine's
// clock: agent pipe → daemon parse → SQLite append → broadcast → WebSocket → subscriber.
// The same agent read by a direct ACP client is the floor (pipe + SDK only), and also shows
// the two processes' clocks agree (it would go negative if they did not).
// From the event's daemon-stamped `time` (ms resolution) the run also splits the daemon's part
// into agent → stored and stored → subscriber.
import type { BenchDaemon } from './benchDaemon.js';
import { iterate, type BenchContext } from './context.js';
import { DirectAcpClient } from './directAcp.js';
import type { Row } from './measures.js';
import { createSession, deleteSession, explainSession, newProject } from './sessions.js';
import { ascending, percentile } from './stats.js';
import { StreamTap } from './streamTap.js';
import { withTimeout } from './timing.js';

const RATE = 1000;
const TIMEOUT_MS = 120_000;

interface Latencies {
  p50: number;
  p99: number;
  max: number;
  /** Achieved chunks per second at the consumer. */
  rate: number;
  count: number;
}

function sentAtOf(text: string): number {
  // `stamp <i> <wallMs>\n`
  return Number(text.trim().split(' ')[2]);
}

function summarizeLatencies(samples: number[], first: number, last: number): Latencies {
  const sorted = ascending(samples);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    rate: samples.length / ((last - first) / 1000),
    count: samples.length,
  };
}

async function direct(ctx: BenchContext, agentBundle: string, cwd: string, n: number): Promise<Latencies> {
  const lat: number[] = [];
  let first = 0;
  let last = 0;
  const client = await DirectAcpClient.start({
    agentBundle,
    cwd,
    env: { ...process.env },
    onChunk: (text, at) => {
      lat.push(performance.timeOrigin + at - sentAtOf(text));
      if (first === 0) first = at;
      last = at;
    },
  });
  try {
    const sessionId = await client.newSession();
    await withTimeout('the direct stamp run', client.prompt(sessionId, `stamp ${n} ${RATE}`), TIMEOUT_MS);
  } finally {
    await client.close();
  }
  if (lat.length !== n) throw new Error(`the direct client saw ${lat.length} of ${n} chunks`);
  return summarizeLatencies(lat, first, last);
}

async function viaDaemon(ctx: BenchContext, daemon: BenchDaemon, agentBundle: string, n: number): Promise<Latencies & { toStoreP99: number; storeToSubscriberP99: number }> {
  const { slug } = await newProject(daemon, ctx.tmp, 1, 'b4');
  const lat: number[] = [];
  const toStore: number[] = [];
  const toSubscriber: number[] = [];
  let first = 0;
  let last = 0;
  let onEnd: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (onEnd = resolve));
  const tap = new StreamTap({
    port: daemon.port,
    token: daemon.token,
    since: 0,
    project: slug,
    onFrame: (f) => {
      if (f.kind !== 'event') return;
      if (f.type === 'turn.ended') onEnd();
      if (f.type !== 'agent.message_chunk') return;
      const arrived = performance.timeOrigin + f.at;
      const event = (JSON.parse(f.text) as { event: { time: string; payload: { text: string } } }).event;
      const sent = sentAtOf(event.payload.text);
      const stored = Date.parse(event.time);
      lat.push(arrived - sent);
      toStore.push(stored - sent);
      toSubscriber.push(arrived - stored);
      if (first === 0) first = f.at;
      last = f.at;
    },
  });
  try {
    await withTimeout('the stream to go live', tap.whenLive(), 30_000);
    const session = await createSession(daemon, { project: slug, prompt: `stamp ${n} ${RATE}`, spawn: { command: process.execPath, args: [agentBundle] } });
    await withTimeout('turn.ended', Promise.race([ended, tap.dropped]), TIMEOUT_MS).catch(async (err: unknown) => {
      throw await explainSession(daemon, session.id, err);
    });
    await deleteSession(daemon, session.id);
  } finally {
    tap.close();
  }
  if (lat.length !== n) throw new Error(`the subscriber saw ${lat.length} of ${n} chunks`);
  return {
    ...summarizeLatencies(lat, first, last),
    toStoreP99: percentile(ascending(toStore), 99),
    storeToSubscriberP99: percentile(ascending(toSubscriber), 99),
  };
}

export async function runB4(ctx: BenchContext, daemon: BenchDaemon, stampAgent: string): Promise<Row[]> {
  const n = ctx.quick ? 200 : 5_000;
  const cwd = ctx.tmp.make('b4-cwd');
  ctx.details.b4 = { chunks: n, rate: RATE };
  const results = await iterate(ctx, 'B4', ctx.runs, async (warm) => {
    const size = warm ? Math.min(n, 1_000) : n;
    const d = await direct(ctx, stampAgent, cwd, size);
    const s = await viaDaemon(ctx, daemon, stampAgent, size);
    return { p50: s.p50, p99: s.p99, max: s.max, rate: s.rate, toStoreP99: s.toStoreP99, storeToSubP99: s.storeToSubscriberP99, directP50: d.p50, directP99: d.p99 };
  });
  (ctx.details.b4 as Record<string, unknown>).runs = results;
  const rows: Row[] = [
    {
      id: 'B4',
      metric: 'latency p50: agent send → WS subscriber at 1,000 chunks/s',
      unit: 'ms',
      samples: results.map((r) => r.p50),
      baseline: { label: 'direct ACP client', samples: results.map((r) => r.directP50) },
    },
    {
      id: 'B4',
      metric: 'latency p99: agent send → WS subscriber at 1,000 chunks/s',
      unit: 'ms',
      samples: results.map((r) => r.p99),
      baseline: { label: 'direct ACP client', samples: results.map((r) => r.directP99) },
      target: { of: 'value', op: '<=', value: 25 },
    },
    {
      id: 'B4',
      metric: 'latency p99, part: agent send → stored (event `time`, 1 ms resolution)',
      unit: 'ms',
      samples: results.map((r) => r.toStoreP99),
    },
    {
      id: 'B4',
      metric: 'latency p99, part: stored → WS subscriber',
      unit: 'ms',
      samples: results.map((r) => r.storeToSubP99),
    },
    {
      id: 'B4',
      metric: 'achieved rate at the subscriber',
      unit: 'chunks/s',
      samples: results.map((r) => r.rate),
    },
  ];
  return rows;
}
