// The discovery file `daemon.json` in the state dir: how clients find the running daemon.
import { z } from 'zod';

export const DISCOVERY_FILE = 'daemon.json';
export const DEFAULT_HOME_DIRNAME = '.switchboard';
export const HOME_ENV = 'SWITCHBOARD_HOME';
export const PORT_ENV = 'SWITCHBOARD_PORT';
/** The daemon's default sandbox for templates that name none (`auto|bwrap|docker|none`). */
export const SANDBOX_ENV = 'SWITCHBOARD_SANDBOX';
/** Where bwrap is, when not `bwrap` on PATH. */
export const BWRAP_ENV = 'SWITCHBOARD_BWRAP';
/** The daemon's log level when `--log-level` is not given. */
export const LOG_LEVEL_ENV = 'SWITCHBOARD_LOG_LEVEL';
/** The daemon's log levels, most verbose first (`--log-level`, the `switchboard.logLevel` setting). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DiscoverySchema = z.object({
  pid: z.number().int(),
  port: z.number().int(),
  token: z.string().min(16),
  version: z.string(),
  startedAt: z.string(),
});
export type Discovery = z.infer<typeof DiscoverySchema>;

/** The file's text as a Discovery, or null when it is partial (being written), not JSON or not ours. */
export function parseDiscovery(text: string): Discovery | null {
  try {
    const parsed = DiscoverySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
