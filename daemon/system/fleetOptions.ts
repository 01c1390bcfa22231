// The daemon's fleet flags (issue 11), each with an environment fallback so a daemon started by
// the extension or a test gets them the same way: admission limits, where worktrees go, the stall
// limit of a turn, the range ports are leased from. A bad value exits before anything starts.
import path from 'node:path';
import type { AdmissionLimits } from '../protocol/fleetEntities.js';

/** For `parseArgs`: every fleet flag takes a value. */
export const FLEET_FLAGS = {
  'max-agents': { type: 'string' },
  'memory-floor-mb': { type: 'string' },
  'worktree-root': { type: 'string' },
  'stall-seconds': { type: 'string' },
  'port-range': { type: 'string' },
} as const;

export const FLEET_ENV = {
  'max-agents': 'SWITCHBOARD_MAX_AGENTS',
  'memory-floor-mb': 'SWITCHBOARD_MEMORY_FLOOR_MB',
  'worktree-root': 'SWITCHBOARD_WORKTREE_ROOT',
  'stall-seconds': 'SWITCHBOARD_STALL_SECONDS',
  'port-range': 'SWITCHBOARD_PORT_RANGE',
} as const;

export interface FleetOptions {
  /** Limits named on the command line (they win over stored ones). */
  admission: Partial<AdmissionLimits>;
  /** Where new worktrees go (a project's own setting wins); null: the state dir. */
  worktreeRoot: string | null;
  /** A turn with no word from its agent this long is flagged `stalled`. */
  stallMs: number;
  portRange: [number, number];
}

/** Ten minutes: long enough for a real agent's slowest tool call, short enough to notice. */
export const DEFAULT_STALL_SECONDS = 600;
export const DEFAULT_PORT_RANGE: [number, number] = [41000, 48999];

type FlagValues = Partial<Record<keyof typeof FLEET_FLAGS, string | undefined>>;

export function parseFleetOptions(values: FlagValues, env: NodeJS.ProcessEnv = process.env): FleetOptions {
  const raw = (flag: keyof typeof FLEET_FLAGS): string | undefined => {
    const v = values[flag] ?? env[FLEET_ENV[flag]];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (flag: keyof typeof FLEET_FLAGS, min: number): number | undefined => {
    const v = raw(flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) fail(`--${flag} (or ${FLEET_ENV[flag]}) must be a whole number of at least ${min}; got "${v}"`);
    return n;
  };
  const maxAgents = int('max-agents', 1);
  const memoryFloorMb = int('memory-floor-mb', 0);
  const root = raw('worktree-root');
  if (root !== undefined && !path.isAbsolute(root)) fail(`--worktree-root (or ${FLEET_ENV['worktree-root']}) must be an absolute path; got "${root}"`);
  return {
    admission: { ...(maxAgents !== undefined ? { maxAgents } : {}), ...(memoryFloorMb !== undefined ? { memoryFloorMb } : {}) },
    worktreeRoot: root ?? null,
    stallMs: (int('stall-seconds', 1) ?? DEFAULT_STALL_SECONDS) * 1000,
    portRange: portRange(raw('port-range')),
  };
}

function portRange(v: string | undefined): [number, number] {
  if (v === undefined) return DEFAULT_PORT_RANGE;
  const m = /^(\d+)-(\d+)$/.exec(v);
  const from = Number(m?.[1]);
  const to = Number(m?.[2]);
  if (!m || from < 1024 || to > 65535 || from > to) fail(`--port-range (or ${FLEET_ENV['port-range']}) must be FROM-TO within 1024-65535; got "${v}"`);
  return [from, to];
}

function fail(message: string): never {
  process.stderr.write(`switchboard daemon: ${message}\n`);
  process.exit(2);
}
