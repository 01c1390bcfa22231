// The fleet settings (`switchboard.maxAgents`, `memoryFloorMb`, `stallSeconds`, `worktreeRoot`)
// as the flags a daemon this window starts gets (daemon/fleetOptions.ts). A value the daemon would
// refuse at start (it exits on a relative worktree root) is left out with a warning instead, so a
// typo in a setting never keeps the daemon down. No `vscode` import: unit-tested.
import path from 'node:path';
import type { DaemonFlags } from '../../client/daemonSpawn.js';
import type { AdmissionLimits } from '../../daemon/protocol/fleetEntities.js';

export type FleetFlags = Pick<DaemonFlags, 'maxAgents' | 'memoryFloorMb' | 'stallSeconds' | 'worktreeRoot'>;

export interface FleetSettings {
  maxAgents: number | null;
  memoryFloorMb: number | null;
  stallSeconds: number | null;
  worktreeRoot: string;
}

export function fleetFlags(settings: FleetSettings, homeDir: string): { flags: FleetFlags; warnings: string[] } {
  const flags: FleetFlags = {};
  const warnings: string[] = [];
  if (settings.maxAgents !== null) flags.maxAgents = settings.maxAgents;
  if (settings.memoryFloorMb !== null) flags.memoryFloorMb = settings.memoryFloorMb;
  if (settings.stallSeconds !== null) flags.stallSeconds = settings.stallSeconds;
  const root = settings.worktreeRoot.trim();
  if (root !== '') {
    // `~/…` as people write it in settings; anything else must already be absolute.
    const expanded = root === '~' || root.startsWith('~/') ? path.join(homeDir, root.slice(1)) : root;
    if (path.isAbsolute(expanded)) flags.worktreeRoot = expanded;
    else warnings.push(`switchboard.worktreeRoot must be an absolute path; "${root}" is ignored (worktrees go to the state dir)`);
  }
  return { flags, warnings };
}

/** The admission limits a settings change sets on a running daemon; empty when both are unset (the daemon keeps what it has). */
export function admissionPatch(settings: Pick<FleetSettings, 'maxAgents' | 'memoryFloorMb'>): Partial<AdmissionLimits> {
  return {
    ...(settings.maxAgents !== null ? { maxAgents: settings.maxAgents } : {}),
    ...(settings.memoryFloorMb !== null ? { memoryFloorMb: settings.memoryFloorMb } : {}),
  };
}
