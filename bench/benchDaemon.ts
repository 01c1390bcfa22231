// The daemon under test: the real bundle (dist/daemon.cjs) as a child process on a scratch state
// dir, optionally with V8's CPU profiler on, reached through the typed client.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { SwitchboardClient, daemonBaseUrl } from '../daemon/protocol/client.js';
import type { Discovery } from '../daemon/protocol/discovery.js';
import { readDiscovery } from '../client/discoveryFile.js';
import { healthAnswers } from './healthProbe.js';
import type { TempDirs } from './tempDirs.js';
import { pollUntil } from './timing.js';

export interface BenchDaemonOptions {
  tmp: TempDirs;
  /** dist/daemon.cjs or its snapshot. */
  bundle: string;
  /** Write a .cpuprofile here when the daemon exits (`node --cpu-prof`). */
  cpuProfDir?: string;
}

const OUTPUT_TAIL_CHARS = 8_000;

export class BenchDaemon {
  private constructor(
    readonly home: string,
    readonly child: ChildProcess,
    private readonly discovery: Discovery,
    readonly client: SwitchboardClient,
    /** The daemon's last output, for the error message when something fails. */
    private readonly output: { text: string },
  ) {}

  static async start(opts: BenchDaemonOptions): Promise<BenchDaemon> {
    const home = opts.tmp.make('home');
    const execArgv = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
    const child = spawn(process.execPath, [...execArgv, opts.bundle, '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { text: '' };
    const keep = (d: Buffer): void => {
      output.text = (output.text + d.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const discovery = await pollUntil('the daemon to answer /health', async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the daemon exited during start:\n${output.text}`);
      const d = readDiscovery(home);
      return d && d.pid === child.pid && (await healthAnswers(d)) ? d : null;
    }, 30_000, 10);
    const client = new SwitchboardClient({ baseUrl: daemonBaseUrl(discovery.port), token: discovery.token, timeoutMs: 120_000 });
    return new BenchDaemon(home, child, discovery, client, output);
  }

  get pid(): number {
    return this.discovery.pid;
  }

  get port(): number {
    return this.discovery.port;
  }

  get token(): string {
    return this.discovery.token;
  }

  get outputTail(): string {
    return this.output.text;
  }

  /** Peak resident set size so far (VmHWM), in MiB; null where /proc is not there. */
  peakRssMiB(): number | null {
    return procStatusKiB(this.pid, 'VmHWM');
  }

  rssMiB(): number | null {
    return procStatusKiB(this.pid, 'VmRSS');
  }

  /** Graceful stop (SIGTERM: agents ended, profile written); resolves once the process is gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  }
}

function procStatusKiB(pid: number, field: string): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
