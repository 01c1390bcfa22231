// B1 cold start: from spawning until GET /api/v1/health answers, on a new state dir each time,
// against a bare Node HTTP server started the same way and answering its first request.
//   - `switchboard daemon start` (dist/cli.cjs, which spawns the daemon detached): the issue's
//     definition; we poll daemon.json + /health ourselves every 2 ms rather than waiting for the
//     CLI to exit, so the CLI's own 100 ms poll does not round the figure up (its exit time is
//     reported on a row of its own).
//   - dist/daemon.cjs spawned directly: the daemon's own start-up, without the CLI process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { iterate, type BenchContext } from './context.js';
import { readDiscovery } from '../client/discoveryFile.js';
import { healthAnswers } from './healthProbe.js';
import type { Row } from './measures.js';
import { now, pollUntil, sleep } from './timing.js';

const BARE_SERVER = [
  "const http = require('node:http');",
  "const server = http.createServer((req, res) => res.end('{\"status\":\"ok\"}'));",
  "server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));",
].join('\n');

async function bareServerMs(): Promise<number> {
  const t0 = now();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
  await res.text();
  const ms = now() - t0;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
  return ms;
}

/** Polls the state dir until a daemon answers /health; ms since t0, and the daemon's pid. */
async function untilHealthy(home: string, t0: number): Promise<{ ms: number; pid: number }> {
  return pollUntil('the daemon to answer /health', async () => {
    const d = readDiscovery(home);
    return d && (await healthAnswers(d)) ? { ms: now() - t0, pid: d.pid } : null;
  }, 30_000);
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  await pollUntil(`daemon ${pid} to exit`, () => !alive(pid), 20_000, 10);
}

/** Alive and not a zombie: the detached daemon's parent is gone, and PID 1 here may not reap it. */
function alive(pid: number): boolean {
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

async function directDaemonMs(ctx: BenchContext, execArgv: string[] = []): Promise<number> {
  const home = ctx.tmp.make('b1-home');
  const t0 = now();
  const child = spawn(process.execPath, [...execArgv, ctx.bundles.daemon, '--home', home], { stdio: 'ignore' });
  const { ms } = await untilHealthy(home, t0);
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
  return ms;
}

async function cliDaemonMs(ctx: BenchContext): Promise<{ health: number; cliExit: number }> {
  const home = ctx.tmp.make('b1-home');
  const t0 = now();
  const cli = spawn(process.execPath, [ctx.bundles.cli, '--home', home, 'daemon', 'start'], { stdio: 'ignore' });
  const exited = new Promise<number>((resolve, reject) =>
    cli.once('exit', (code) => (code === 0 ? resolve(now() - t0) : reject(new Error(`switchboard daemon start exited ${code}`)))),
  );
  const { ms, pid } = await untilHealthy(home, t0);
  const cliExit = await exited;
  await stopPid(pid);
  return { health: ms, cliExit };
}

export async function runB1(ctx: BenchContext): Promise<Row[]> {
  const runs = ctx.quick ? 1 : ctx.runs * 2;
  const results = await iterate(ctx, 'B1', runs, async () => {
    const bare = await bareServerMs();
    await sleep(50);
    const direct = await directDaemonMs(ctx);
    await sleep(50);
    const cli = await cliDaemonMs(ctx);
    await sleep(50);
    return { bare, direct, cli: cli.health, cliExit: cli.cliExit };
  });
  // With --profile, one more (untimed) direct start under the profiler, to see where start-up goes.
  if (ctx.cpuProfDir) await directDaemonMs(ctx, ['--cpu-prof', '--cpu-prof-dir', ctx.cpuProfDir, '--cpu-prof-interval', '100']);
  const baseline = { label: 'bare Node HTTP server', samples: results.map((r) => r.bare) };
  return [
    {
      id: 'B1',
      metric: 'cold start: `switchboard daemon start` → /health answers',
      unit: 'ms',
      samples: results.map((r) => r.cli),
      baseline,
      ratios: results.map((r) => r.cli / r.bare),
      target: { of: 'ratio', op: '<=', value: 2.5 },
    },
    {
      id: 'B1',
      metric: 'cold start: dist/daemon.cjs spawned directly → /health answers',
      unit: 'ms',
      samples: results.map((r) => r.direct),
      baseline,
      ratios: results.map((r) => r.direct / r.bare),
      target: { of: 'ratio', op: '<=', value: 2.5 },
    },
    {
      id: 'B1',
      metric: 'cold start: `switchboard daemon start` exits (its 100 ms poll)',
      unit: 'ms',
      samples: results.map((r) => r.cliExit),
      baseline,
      ratios: results.map((r) => r.cliExit / r.bare),
    },
  ];
}
