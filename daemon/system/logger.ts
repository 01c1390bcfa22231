// Structured logs: one JSON object per line (`{time, level, msg, ...fields}`), appended to a file
// through a buffered stream so logging never blocks the event loop, and redacted on the way out.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../protocol/discovery.js';
import type { Redactor } from './redactor.js';

// Defined in the protocol (clients pass `--log-level`); re-exported for the daemon's own callers.
export { LOG_LEVELS, type LogLevel };
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{component: 'http'}`). */
  child(fields: LogFields): Logger;
}

export interface FileLogger extends Logger {
  /** Resolves once every line logged so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and closes the file; later lines are dropped. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** Appended to (created 0600 with its folder); omit for a logger that only echoes. */
  file?: string;
  level?: LogLevel;
  redactor?: Redactor;
  /** Also write each line here (e.g. process.stderr when running in the foreground). */
  echo?: NodeJS.WritableStream;
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && (LOG_LEVELS as readonly string[]).includes(v);
}

/** Drops everything; for code paths and tests that need a Logger but no output. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

export function createLogger(opts: LoggerOptions = {}): FileLogger {
  const minRank = RANK[opts.level ?? 'info'];
  const now = opts.now ?? (() => new Date());
  let stream: WriteStream | null = null;
  let closed = false;
  if (opts.file) {
    mkdirSync(path.dirname(opts.file), { recursive: true, mode: 0o700 });
    stream = createWriteStream(opts.file, { flags: 'a', mode: 0o600 });
    // A failing disk must not crash the daemon through an unhandled 'error' event.
    stream.on('error', () => {
      stream = null;
    });
  }

  const write = (level: LogLevel, msg: string, base: LogFields, fields: LogFields | undefined): void => {
    if (closed || RANK[level] < minRank) return;
    const record = { time: now().toISOString(), level, msg, ...base, ...fields };
    const line = `${JSON.stringify(clean(record, opts.redactor, 0))}\n`;
    stream?.write(line);
    opts.echo?.write(line);
  };

  const make = (base: LogFields): Logger => ({
    debug: (msg, fields) => write('debug', msg, base, fields),
    info: (msg, fields) => write('info', msg, base, fields),
    warn: (msg, fields) => write('warn', msg, base, fields),
    error: (msg, fields) => write('error', msg, base, fields),
    child: (fields) => make({ ...base, ...fields }),
  });

  const root = make({});
  return {
    ...root,
    flush: () =>
      new Promise<void>((resolve) => {
        // An empty write's callback runs after every earlier write has reached the file.
        if (!stream || closed) return resolve();
        stream.write('', () => resolve());
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        if (!stream) return resolve();
        stream.end(() => resolve());
      }),
  };
}

/**
 * Makes a value JSON-safe and redacted: errors become {name, message, stack}, strings pass through
 * the redactor, bigint becomes a string, and deep or cyclic structures are cut off.
 */
function clean(value: unknown, redactor: Redactor | undefined, depth: number): unknown {
  if (typeof value === 'string') return redactor ? redactor.redact(value) : value;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (depth > 6) return '[too deep]';
  if (value instanceof Error) {
    const err = value as Error & { code?: unknown };
    return clean(
      { name: err.name, message: err.message, ...(err.code !== undefined ? { code: err.code } : {}), stack: err.stack },
      redactor,
      depth + 1,
    );
  }
  if (Array.isArray(value)) return value.map((v) => clean(v, redactor, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = clean(v, redactor, depth + 1);
  return out;
}
