// `npm run bench [-- --quick] [-- --only B1,B3] [-- --runs N] [-- --profile] [-- --dist DIR]`
// Runs the benchmarks of docs/benchmarks.md against the built bundles, each daemon figure next to
// a baseline measured in the same run, prints the table and writes bench/results/*.json.
// --quick: tiny sizes, one iteration, no warm-up; it checks the harness works, not the targets.
// --profile: the daemons run with `--cpu-prof`; their top self-time functions are printed.
// --dist DIR: run the bundles in DIR instead of dist/ (a patched build, to measure a fix).
// Exit status: 1 when the harness itself failed (a benchmark threw); a missed target is a
// finding, reported in the table, not a failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runB1 } from './b1ColdStart.js';
import { runB2 } from './b2SessionStart.js';
import { runB3 } from './b3Throughput.js';
import { runB4 } from './b4Latency.js';
import { runB5 } from './b5Scale.js';
import { runB6 } from './b6Replay.js';
import { runB7 } from './b7ReviewListing.js';
import { runB8 } from './b8SandboxCost.js';
import { runB9 } from './b9Admission.js';
import { runB11 } from './b11IncludeReady.js';
import { BenchDaemon } from './benchDaemon.js';
import type { BenchContext } from './context.js';
import { snapshotDist } from './distSnapshot.js';
import { evaluate, type Row } from './measures.js';
import { RESULTS_DIR } from './paths.js';
import { formatSummary } from './profileSummary.js';
import { machineInfo, printTable, writeRecord } from './report.js';
import { buildStampAgent } from './stampAgentBundle.js';
import { TempDirs } from './tempDirs.js';
import { now } from './timing.js';

const ALL = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B11'];

type BenchOptions = { quick: boolean; runs: number; only: Set<string>; profile: boolean; dist: string | undefined; onlyGiven: boolean };

function parseOptions(): BenchOptions {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, only: { type: 'string' }, runs: { type: 'string' }, profile: { type: 'boolean' }, dist: { type: 'string' } },
    strict: true,
  });
  const quick = values.quick ?? false;
  const runs = quick ? 1 : Number(values.runs ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a whole number of at least 1, not ${values.runs}`);
  const only = new Set((values.only ?? ALL.join(',')).split(',').map((s) => s.trim().toUpperCase()));
  return { quick, runs, only, profile: values.profile ?? false, dist: values.dist, onlyGiven: values.only !== undefined };
}

async function main(): Promise<number> {
  const opts = parseOptions();
  const startedAt = new Date().toISOString();
  const t0 = now();
  const tmp = new TempDirs();
  const profileDir = opts.profile ? path.join(RESULTS_DIR, 'profiles', startedAt.replace(/[:.]/g, '-')) : undefined;
  const cpuProfDir = profileDir ? path.join(profileDir, 'cpu') : undefined;
  if (cpuProfDir) fs.mkdirSync(cpuProfDir, { recursive: true });
  const snapshot = snapshotDist(profileDir, opts.dist ? path.resolve(opts.dist) : undefined);
  const ctx: BenchContext = {
    quick: opts.quick,
    runs: opts.runs,
    warmups: opts.quick ? 0 : 1,
    tmp,
    bundles: snapshot.bundles,
    ...(cpuProfDir ? { cpuProfDir } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
    details: {},
  };
  const machine = machineInfo();
  ctx.log(`switchboard bench${opts.quick ? ' --quick (harness check: tiny sizes, targets not judged)' : ''}: ${machine.nproc} cpus, ${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverage1m}`);

  const steps = new Steps(ctx, opts.only);
  try {
    await runAll(steps, ctx, opts.only, cpuProfDir);
  } finally {
    tmp.removeAll();
    snapshot.remove();
  }

  // Execution order is B1, B2, B3, B6, B4, B7, B8, B11, B5, B9 (B6 replays B3's session); the table
  // reads by id, numerically (B11 after B9).
  const evaluated = steps.rows.map((r) => evaluate(r, !opts.quick)).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  const durationMs = now() - t0;
  ctx.log('');
  printTable(evaluated, ctx.log);
  const record = {
    startedAt,
    loadAverageAtEnd1m: Math.round(os.loadavg()[0]! * 100) / 100,
    quick: opts.quick,
    durationMs,
    machine,
    rows: evaluated,
    details: { ...ctx.details, errors: steps.errors, bundles: opts.dist ? 'a copy given with --dist' : 'dist/' },
  };
  const file = writeRecord(RESULTS_DIR, record, !opts.onlyGiven && opts.dist === undefined);
  ctx.log(`\n${opts.quick ? 'quick run (harness check)' : 'run'} took ${(durationMs / 1000).toFixed(1)} s; results in ${path.relative(process.cwd(), file)}`);
  if (cpuProfDir) {
    for (const f of fs.readdirSync(cpuProfDir).filter((n) => n.endsWith('.cpuprofile'))) ctx.log(`\n${formatSummary(path.join(cpuProfDir, f), 20)}`);
  }
  if (steps.errors.length > 0) {
    ctx.log(`\nharness errors:\n${steps.errors.join('\n')}`);
    return 1;
  }
  return 0;
}

/** Runs the selected benchmarks one by one; one that throws is recorded as a harness error and the rest go on. */
class Steps {
  readonly rows: Row[] = [];
  readonly errors: string[] = [];

  constructor(
    private readonly ctx: BenchContext,
    private readonly only: Set<string>,
  ) {}

  async run(id: string, work: () => Promise<Row[]>): Promise<void> {
    if (!this.only.has(id)) return;
    const started = now();
    this.ctx.log(`${id} …`);
    try {
      this.rows.push(...(await work()));
      this.ctx.log(`${id} done in ${((now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.errors.push(`${id}: ${message}`);
      this.ctx.log(`${id} FAILED: ${message}`);
    }
  }
}

/** Every benchmark in order; the ones that measure a running daemon share one. */
async function runAll(steps: Steps, ctx: BenchContext, only: Set<string>, cpuProfDir: string | undefined): Promise<void> {
  await steps.run('B1', () => runB1(ctx));
  if (['B2', 'B3', 'B4', 'B6', 'B7', 'B8', 'B11'].some((id) => only.has(id))) {
    const daemon = await BenchDaemon.start({ tmp: ctx.tmp, bundle: ctx.bundles.daemon, ...(cpuProfDir ? { cpuProfDir } : {}) });
    try {
      await steps.run('B2', () => runB2(ctx, daemon));
      let replay: { sessionId: string; events: number } | null = null;
      await steps.run('B3', async () => {
        const r = await runB3(ctx, daemon);
        replay = { sessionId: r.replaySessionId, events: r.replayEvents };
        return r.rows;
      });
      await steps.run('B6', async () => {
        const r = replay as { sessionId: string; events: number } | null;
        if (!r) throw new Error('B6 replays the session B3 made; run B3 too');
        return runB6(ctx, daemon, r.sessionId, r.events);
      });
      await steps.run('B4', async () => runB4(ctx, daemon, await buildStampAgent(ctx.tmp)));
      await steps.run('B7', () => runB7(ctx, daemon));
      await steps.run('B8', () => runB8(ctx, daemon));
      await steps.run('B11', () => runB11(ctx, daemon));
    } finally {
      await daemon.stop();
    }
  }
  // B5 and B9 start daemons of their own (a fresh peak RSS each).
  await steps.run('B5', () => runB5(ctx));
  await steps.run('B9', () => runB9(ctx));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
