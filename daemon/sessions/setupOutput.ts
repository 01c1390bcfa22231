// The output of a setup (or teardown) driver, as the daemon passes it on: split into lines, the
// driver's markers picked out of stderr, the rest redacted, batched into `setup.output` events
// (flushed every 100 ms or 64 KB, so `npm ci` printing thousands of lines is a few dozen events)
// and written to the session log, with the last lines kept for a failure's detail.
import type { Readable } from 'node:stream';
import { parseMarker, type DriverMarker } from './setupDriver.js';

const FLUSH_MS = 100;
const FLUSH_BYTES = 64 * 1024;
const TAIL_LINES = 20;
/** A line longer than this is cut: a minified bundle printed whole should not fill the log. */
const MAX_LINE_CHARS = 4_000;

export type OutputStream = 'stdout' | 'stderr';

export interface SetupOutputSinks {
  redact(text: string): string;
  /** Batched redacted lines, while the daemon still reports them as events. */
  event(stream: OutputStream, text: string): void;
  /** Redacted lines for the session log (for the driver's whole life). */
  log(lines: string[]): void;
  marker(marker: DriverMarker): void;
}

export class SetupOutput {
  private readonly pending: Record<OutputStream, string[]> = { stdout: [], stderr: [] };
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly tailLines: string[] = [];
  /** The driver writes a newline before each marker; an empty line right before one is that newline. */
  private heldBlank = false;
  /** Off once setup is over: what background processes print goes to the log only. */
  private eventsOn = true;

  constructor(
    private readonly nonce: string,
    private readonly sinks: SetupOutputSinks,
  ) {}

  /** Reads both pipes to their end; resolves when both closed. Reading never stops early, so a chatty server never blocks on a full pipe. */
  attach(stdout: Readable, stderr: Readable): Promise<void> {
    return Promise.all([this.read(stdout, 'stdout'), this.read(stderr, 'stderr')]).then(() => this.flush());
  }

  /**
   * The last lines of output (redacted), for a failure's detail. The whole run's, not one command's:
   * stdout and stderr are two pipes, so a command's first lines may be read before the previous
   * command's end marker, and a per-command tail would lose them.
   */
  tail(): string {
    return this.tailLines.join('\n');
  }

  /** From now on output goes to the session log only. */
  stopEvents(): void {
    this.flush();
    this.eventsOn = false;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pendingBytes = 0;
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = this.pending[stream];
      if (lines.length === 0) continue;
      this.pending[stream] = [];
      if (this.eventsOn) this.sinks.event(stream, lines.join('\n'));
      this.sinks.log(lines);
    }
  }

  private read(stream: Readable, name: OutputStream): Promise<void> {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const line of parts) this.line(name, line);
    });
    return new Promise<void>((resolve) => {
      const done = () => {
        if (partial !== '') this.line(name, partial);
        partial = '';
        resolve();
      };
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
  }

  private line(stream: OutputStream, raw: string): void {
    if (stream === 'stderr') {
      const marker = parseMarker(raw, this.nonce);
      if (marker) {
        this.heldBlank = false;
        this.flush();
        this.sinks.marker(marker);
        return;
      }
      if (raw === '' && !this.heldBlank) {
        this.heldBlank = true;
        return;
      }
      if (this.heldBlank) {
        this.heldBlank = false;
        this.keep(stream, '');
      }
    }
    this.keep(stream, raw);
  }

  private keep(stream: OutputStream, raw: string): void {
    const line = this.sinks.redact(raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw);
    this.tailLines.push(line);
    if (this.tailLines.length > TAIL_LINES) this.tailLines.shift();
    this.pending[stream].push(line);
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }
}
