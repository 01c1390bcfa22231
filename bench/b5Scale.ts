// B5 scale: 50 sessions at once on one repository, each a `flood 2000` turn followed by a queued
// `write` turn (one file written through fs/write_text_file). One WebSocket subscriber (project
// filter, live before the first session) watches everything. Checked: every session completes;
// for each session the subscriber and the store both hold exactly 2,001 chunks (the flood's
// 2,000 and the write turn's one-line reply) and one file.written (any difference counts as lost); the subscriber's seqs strictly increase.
// Measured: the daemon's peak RSS (VmHWM from /proc, whole life of a fresh daemon) and the time
// from the first POST until every session has completed. Agents are separate processes and
// are not counted in the daemon's RSS.
import { BenchDaemon } from './benchDaemon.js';
import { iterate, type BenchContext } from './context.js';
import type { Row } from './measures.js';
import { countStored, createSession, newProject, waitForStates } from './sessions.js';
import { StreamTap } from './streamTap.js';
import { now, withTimeout } from './timing.js';

const CHUNK = 'agent.message_chunk';
const WRITTEN = 'file.written';
const TIMEOUT_MS = 300_000;

interface ScaleRun {
  peakRssMiB: number;
  completed: number;
  lost: number;
  seconds: number;
  /** What was missing where, when anything was. */
  lostDetail: string;
}

async function scaleRun(ctx: BenchContext, sessions: number, chunks: number): Promise<ScaleRun> {
  const daemon = await BenchDaemon.start({ tmp: ctx.tmp, bundle: ctx.bundles.daemon, ...(ctx.cpuProfDir ? { cpuProfDir: ctx.cpuProfDir } : {}) });
  try {
    const { slug } = await newProject(daemon, ctx.tmp, 20, 'b5');
    const seen = new Map<string, { chunks: number; written: number; turnsEnded: number }>();
    let lastSeq = 0;
    let outOfOrder = 0;
    let turnsEnded = 0;
    let onAllEnded: () => void = () => undefined;
    const allEnded = new Promise<void>((resolve) => (onAllEnded = resolve));
    const tap = new StreamTap({
      port: daemon.port,
      token: daemon.token,
      since: 0,
      project: slug,
      onFrame: (f) => {
        if (f.kind !== 'event') return;
        if (f.seq <= lastSeq) outOfOrder++;
        lastSeq = f.seq;
        if (!f.sessionId) return;
        let s = seen.get(f.sessionId);
        if (!s) seen.set(f.sessionId, (s = { chunks: 0, written: 0, turnsEnded: 0 }));
        if (f.type === CHUNK) s.chunks++;
        else if (f.type === WRITTEN) s.written++;
        else if (f.type === 'turn.ended' && ++s.turnsEnded === 2 && ++turnsEnded === sessions) onAllEnded();
      },
    });
    await withTimeout('the stream to go live', tap.whenLive(), 30_000);
    const t0 = now();
    const created = await Promise.all(
      Array.from({ length: sessions }, async (_, i) => {
        const session = await createSession(daemon, { project: slug, prompt: `flood ${chunks}` });
        await daemon.client.api.followup({ params: { id: session.id }, body: { text: `write bench-${i}.txt written by session ${i}` } });
        return session;
      }),
    );
    await withTimeout(`all ${sessions} sessions to end both turns`, Promise.race([allEnded, tap.dropped]), TIMEOUT_MS);
    const states = await Promise.all(created.map((s) => waitForStates(daemon, s.id, ['completed', 'failed', 'stopped'])));
    const seconds = (now() - t0) / 1000;
    const peakRssMiB = daemon.peakRssMiB() ?? Number.NaN;
    tap.close();
    // The write turn answers with one chunk of its own ("Wrote …").
    const expectedChunks = chunks + 1;
    let lost = outOfOrder;
    const detail: string[] = outOfOrder > 0 ? [`${outOfOrder} frames out of seq order`] : [];
    for (const s of created) {
      const stored = await countStored(daemon, s.id, [CHUNK, WRITTEN]);
      const live = seen.get(s.id) ?? { chunks: 0, written: 0 };
      const missing =
        Math.abs(expectedChunks - (stored.get(CHUNK) ?? 0)) +
        Math.abs(1 - (stored.get(WRITTEN) ?? 0)) +
        Math.abs(expectedChunks - live.chunks) +
        Math.abs(1 - live.written);
      if (missing > 0) detail.push(`${s.shortId}: stored ${stored.get(CHUNK)} chunks/${stored.get(WRITTEN)} written, streamed ${live.chunks}/${live.written}`);
      lost += missing;
    }
    return { peakRssMiB, completed: states.filter((s) => s === 'completed').length, lost, seconds, lostDetail: detail.slice(0, 5).join('; ') };
  } finally {
    await daemon.stop();
  }
}

export async function runB5(ctx: BenchContext): Promise<Row[]> {
  const sessions = ctx.quick ? 3 : 50;
  const chunks = ctx.quick ? 50 : 2_000;
  ctx.details.b5 = { sessions, chunks };
  // A full run is about a minute on this machine: two measured runs (after a small warm-up)
  // keep the whole bench inside its 10 minutes.
  const runs = ctx.quick ? 1 : Math.max(2, ctx.runs - 1);
  const results = await iterate(ctx, 'B5', runs, (warm) => (warm ? scaleRun(ctx, 10, 200) : scaleRun(ctx, sessions, chunks)));
  return [
    {
      id: 'B5',
      metric: `scale: daemon peak RSS, ${sessions} sessions × ${chunks.toLocaleString('en-US')} chunks + 1 write`,
      unit: 'MiB',
      samples: results.map((r) => r.peakRssMiB),
      target: { of: 'value', op: '<=', value: 200 },
    },
    {
      id: 'B5',
      metric: 'scale: sessions completed',
      unit: 'sessions',
      samples: results.map((r) => r.completed),
      target: { of: 'value', op: '>=', value: sessions },
    },
    {
      id: 'B5',
      metric: 'scale: lost events (store and subscriber vs emitted)',
      unit: 'events',
      samples: results.map((r) => r.lost),
      target: { of: 'value', op: '<=', value: 0 },
    },
    {
      id: 'B5',
      metric: 'scale: first POST → all sessions completed',
      unit: 's',
      samples: results.map((r) => r.seconds),
    },
  ];
}
