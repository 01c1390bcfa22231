// The daemon's log level: `--log-level` on the command line, else $SWITCHBOARD_LOG_LEVEL, else
// `info`. The logger (logger.ts) drops lines below it; `debug` adds one line per HTTP request and
// the other details nobody needs every day. A bad value exits before anything starts, naming the flag.
import { LOG_LEVEL_ENV, LOG_LEVELS, type LogLevel } from '../protocol/discovery.js';
import { isLogLevel } from './logger.js';

/** For `parseArgs`. */
export const LOG_LEVEL_FLAG = { 'log-level': { type: 'string' } } as const;

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** The level the flag or the environment asks for (case does not matter), or why it cannot be used. */
export function resolveLogLevel(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): { level: LogLevel } | { error: string } {
  const raw = (flag ?? env[LOG_LEVEL_ENV] ?? '').trim();
  if (raw === '') return { level: DEFAULT_LOG_LEVEL };
  const level = raw.toLowerCase();
  if (isLogLevel(level)) return { level };
  return { error: `--log-level (or ${LOG_LEVEL_ENV}) must be one of ${[...LOG_LEVELS].reverse().join(', ')}; got "${raw}"` };
}

/** `resolveLogLevel` for the daemon's start: a bad value is said on stderr and the daemon exits (2). */
export function parseLogLevel(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): LogLevel {
  const resolved = resolveLogLevel(flag, env);
  if ('level' in resolved) return resolved.level;
  process.stderr.write(`switchboard daemon: ${resolved.error}\n`);
  process.exit(2);
}
