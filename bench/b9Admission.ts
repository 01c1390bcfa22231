// B9 admission: 100 demo sessions (prompt `slow 2 50`) created all at once against a cap of 5
// running agents (set with PATCH /admission, memory floor 0): 95 wait `queued` and start FIFO as
// slots free. Measured while the queue drains: the daemon's peak RSS (VmRSS sampled from /proc
// every 50 ms), the time from the first POST until the last session is `completed`, the most
// agents alive at once (processes under the daemon carrying SWITCHBOARD_SESSION, sampled with the
// RSS), and lost work: sessions not `completed` plus turns that did not end with `end_turn`.
// Baseline, same run: the same 100 sessions with the cap at 100 (nobody queues). Each side runs on
// a fresh daemon, so one side's heap does not count towards the other's peak; sides alternate
// which goes first. Agents are separate processes and are not in the daemon's RSS.
import fs from 'node:fs';
import { SwitchboardClient, daemonBaseUrl } from '../daemon/protocol/client.js';
import { BenchDaemon } from './benchDaemon.js';
import { iterate, type BenchContext } from './context.js';
import type { Row } from './measures.js';
import { newProject } from './sessions.js';
import { StreamTap } from './streamTap.js';
import { now, withTimeout } from './timing.js';

const PROMPT = 'slow 2 50';
const SETTLED = new Set(['completed', 'failed', 'stopped']);
const SAMPLE_EVERY_MS = 50;
const TIMEOUT_MS = 600_000;

interface DrainRun {
  seconds: number;
  peakRssMiB: number;
  maxAlive: number;
  lost: number;
  /** What was lost, when anything was. */
  lostDetail: string;
}

/** Parent pid of every process, and the SWITCHBOARD_SESSION of those that have one. */
function processTable(): { parent: Map<number, number>; session: Map<number, string> } {
  const parent = new Map<number, number>();
  const session = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const m = /(?:^|\0)SWITCHBOARD_SESSION=([^\0]+)/.exec(fs.readFileSync(`/proc/${entry}/environ`, 'latin1'));
      if (m?.[1]) session.set(pid, m[1]);
    } catch {
      // Gone since the listing, or not ours to read.
    }
  }
  return { parent, session };
}

/** Sessions with an agent process alive under `daemonPid` now (an agent may sit inside bwrap, so walk up a few parents). */
function agentsAliveUnder(daemonPid: number): number {
  const { parent, session } = processTable();
  const alive = new Set<string>();
  for (const [pid, id] of session) {
    let p: number | undefined = parent.get(pid);
    for (let depth = 0; p !== undefined && p > 1 && depth < 6; depth++, p = parent.get(p)) {
      if (p === daemonPid) {
        alive.add(id);
        break;
      }
    }
  }
  return alive.size;
}

/** Samples the daemon's VmRSS and its live agents until stopped; the maxima seen. */
function startSampler(daemon: BenchDaemon): () => { peakRssMiB: number; maxAlive: number; samples: number } {
  let peakRssMiB = 0;
  let maxAlive = 0;
  let samples = 0;
  const sample = (): void => {
    peakRssMiB = Math.max(peakRssMiB, daemon.rssMiB() ?? Number.NaN);
    maxAlive = Math.max(maxAlive, agentsAliveUnder(daemon.pid));
    samples++;
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return () => {
    clearInterval(timer);
    sample();
    return { peakRssMiB, maxAlive, samples };
  };
}

/** Sessions not completed and turns not ended with `end_turn`, read back from the store. */
async function countLost(daemon: BenchDaemon, slug: string, ids: readonly string[]): Promise<{ lost: number; detail: string }> {
  const { sessions } = await daemon.client.api.listSessions({ query: { project: slug } });
  const states = new Map(sessions.map((s) => [s.id, s.state]));
  const { events } = await daemon.client.api.listEvents({ query: { project: slug, type: 'turn.ended', limit: 10_000 } });
  const turnsDone = new Set(events.filter((e) => (e.payload as { stopReason?: string | null }).stopReason === 'end_turn').map((e) => e.sessionId));
  const detail: string[] = [];
  let lost = 0;
  for (const id of ids) {
    const state = states.get(id) ?? 'missing';
    const missing = (state === 'completed' ? 0 : 1) + (turnsDone.has(id) ? 0 : 1);
    if (missing > 0) detail.push(`${id.slice(0, 8)}: ${state}, turn ${turnsDone.has(id) ? 'ended' : 'not ended'}`);
    lost += missing;
  }
  return { lost, detail: detail.slice(0, 5).join('; ') };
}

async function drainRun(ctx: BenchContext, sessions: number, cap: number): Promise<DrainRun> {
  const daemon = await BenchDaemon.start({ tmp: ctx.tmp, bundle: ctx.bundles.daemon, ...(ctx.cpuProfDir ? { cpuProfDir: ctx.cpuProfDir } : {}) });
  try {
    await daemon.client.api.updateAdmission({ body: { maxAgents: cap, memoryFloorMb: 0 } });
    // Uncapped, the daemon makes 100 worktrees one after the other (one repository) while 100
    // agents start: the last POST can wait longer than the usual client's 2 minutes.
    const patient = new SwitchboardClient({ baseUrl: daemonBaseUrl(daemon.port), token: daemon.token, timeoutMs: TIMEOUT_MS });
    const { slug } = await newProject(daemon, ctx.tmp, 20, 'b9');
    const settledAt = new Map<string, number>();
    let onAllSettled: () => void = () => undefined;
    const allSettled = new Promise<void>((resolve) => (onAllSettled = resolve));
    const tap = new StreamTap({
      port: daemon.port,
      token: daemon.token,
      since: 0,
      project: slug,
      onFrame: (f) => {
        if (f.kind !== 'event' || f.type !== 'session.state_changed') return;
        const to = (JSON.parse(f.text) as { event: { payload: { to: string } } }).event.payload.to;
        if (SETTLED.has(to) && !settledAt.has(f.sessionId)) {
          settledAt.set(f.sessionId, f.at);
          if (settledAt.size === sessions) onAllSettled();
        }
      },
    });
    try {
      await withTimeout('the stream to go live', tap.whenLive(), 30_000);
      const stopSampler = startSampler(daemon);
      const t0 = now();
      const created = await Promise.all(
        Array.from({ length: sessions }, async () => (await patient.api.createSession({ body: { project: slug, agent: 'demo', action: 'implement', prompt: PROMPT, permissionPolicy: 'allow-all' } })).session),
      );
      await withTimeout(`all ${sessions} sessions to settle (cap ${cap})`, Promise.race([allSettled, tap.dropped]), TIMEOUT_MS);
      const seconds = (Math.max(...settledAt.values()) - t0) / 1000;
      const { peakRssMiB, maxAlive } = stopSampler();
      const { lost, detail } = await countLost(daemon, slug, created.map((s) => s.id));
      return { seconds, peakRssMiB, maxAlive, lost, lostDetail: detail };
    } finally {
      tap.close();
    }
  } finally {
    await daemon.stop();
  }
}

/** Both sides of one iteration, flat so the iteration log line shows every figure. */
function pair(queued: DrainRun, uncapped: DrainRun) {
  return {
    queuedS: queued.seconds,
    uncappedS: uncapped.seconds,
    queuedRssMiB: queued.peakRssMiB,
    uncappedRssMiB: uncapped.peakRssMiB,
    queuedMaxAlive: queued.maxAlive,
    uncappedMaxAlive: uncapped.maxAlive,
    queuedLost: queued.lost,
    uncappedLost: uncapped.lost,
    lostDetail: [queued.lostDetail, uncapped.lostDetail].filter(Boolean).join(' | '),
  };
}

export async function runB9(ctx: BenchContext): Promise<Row[]> {
  const sessions = ctx.quick ? 10 : 100;
  const cap = ctx.quick ? 2 : 5;
  ctx.details.b9 = { sessions, cap, prompt: PROMPT };
  // One pair (queued and uncapped, 100 sessions each) takes 3–6 minutes on the 2-core machine:
  // one measured pair by default (`--runs 5` gives two), and no warm-up, since every side starts
  // a fresh daemon anyway and B2–B8 ran before it.
  const runs = ctx.quick ? 1 : Math.max(1, Math.floor((ctx.runs - 1) / 2));
  const results = await iterate({ ...ctx, warmups: 0 }, 'B9', runs, async (_warm, i) => {
    if (i % 2 === 0) {
      const queued = await drainRun(ctx, sessions, cap);
      return pair(queued, await drainRun(ctx, sessions, sessions));
    }
    const uncapped = await drainRun(ctx, sessions, sessions);
    return pair(await drainRun(ctx, sessions, cap), uncapped);
  });
  const uncappedLost = results.reduce((n, r) => n + r.uncappedLost, 0);
  return [
    {
      id: 'B9',
      metric: `admission: daemon peak RSS draining ${sessions} sessions through a cap of ${cap}`,
      unit: 'MiB',
      samples: results.map((r) => r.queuedRssMiB),
      baseline: { label: `the same ${sessions} sessions, cap ${sessions} (no queue)`, samples: results.map((r) => r.uncappedRssMiB) },
      ratios: results.map((r) => r.queuedRssMiB / r.uncappedRssMiB),
      target: { of: 'ratio', op: '<=', value: 1 },
    },
    {
      id: 'B9',
      metric: `admission: first POST → last of ${sessions} sessions completed, cap ${cap}`,
      unit: 's',
      samples: results.map((r) => r.queuedS),
      baseline: { label: `the same ${sessions} sessions, cap ${sessions} (no queue)`, samples: results.map((r) => r.uncappedS) },
      ratios: results.map((r) => r.queuedS / r.uncappedS),
    },
    {
      id: 'B9',
      metric: 'admission: lost (sessions not completed + turns not ended)',
      unit: 'sessions',
      samples: results.map((r) => r.queuedLost),
      target: { of: 'value', op: '<=', value: 0 },
      ...(uncappedLost > 0 ? { note: `the uncapped baseline lost ${uncappedLost}` } : {}),
    },
    {
      id: 'B9',
      metric: 'admission: most agents alive at once (sampled every 50 ms)',
      unit: 'agents',
      samples: results.map((r) => r.queuedMaxAlive),
      target: { of: 'value', op: '<=', value: cap },
    },
  ];
}
