// Every `switchboard.*` setting, read in one place with its default, so the rest of the
// extension never spells a configuration key. package.json `contributes.configuration` declares
// the same keys (settingKeys.ts lists them; test/extension/manifest.test.ts keeps them in step).
import * as vscode from 'vscode';
import type { PermissionPolicy } from '../daemon/protocol/entities.js';
import { PERMISSION_POLICIES, SANDBOX_MODES, type SandboxMode } from '../daemon/protocol/entities.js';
import { LOG_LEVELS, type LogLevel } from '../daemon/protocol/discovery.js';

export const SETTINGS_SECTION = 'switchboard';

export type CompletionNotice = 'notification' | 'statusBar' | 'off';

export interface Settings {
  nodePath: string;
  stateDir: string;
  port: number;
  /** The daemon's default sandbox for agents (templates may name their own). */
  sandbox: SandboxMode;
  /** Where new worktrees go (`--worktree-root`); empty: the daemon's default. */
  worktreeRoot: string;
  /** Admission limits and the stall limit for the daemon; null: the daemon's own default. */
  maxAgents: number | null;
  memoryFloorMb: number | null;
  stallSeconds: number | null;
  /** The daemon's log level (`--log-level`) when this window starts it. */
  logLevel: LogLevel;
  defaultAgent: string;
  defaultPermissionPolicy: PermissionPolicy;
  notifyWaiting: boolean;
  notifyCompleted: CompletionNotice;
  notifyFailed: CompletionNotice;
}


function notice(v: unknown, fallback: CompletionNotice): CompletionNotice {
  return v === 'notification' || v === 'statusBar' || v === 'off' ? v : fallback;
}

/** A whole number of at least `min`, else null (unset, or a value the daemon would refuse). */
function wholeAtLeast(v: unknown, min: number): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= min ? v : null;
}

function oneOf<T extends string>(allowed: readonly T[], v: string, fallback: T): T {
  return (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const policy = c.get<string>('defaultPermissionPolicy', 'ask');
  return {
    nodePath: c.get<string>('daemon.nodePath', '').trim(),
    stateDir: c.get<string>('stateDir', '').trim(),
    port: c.get<number>('daemon.port', 0),
    sandbox: oneOf(SANDBOX_MODES, c.get<string>('agents.sandbox', 'auto'), 'auto'),
    worktreeRoot: c.get<string>('worktreeRoot', '').trim(),
    maxAgents: wholeAtLeast(c.get('maxAgents'), 1),
    memoryFloorMb: wholeAtLeast(c.get('memoryFloorMb'), 0),
    stallSeconds: wholeAtLeast(c.get('stallSeconds'), 1),
    logLevel: oneOf(LOG_LEVELS, c.get<string>('logLevel', 'info'), 'info'),
    defaultAgent: c.get<string>('defaultAgent', '').trim(),
    defaultPermissionPolicy: (PERMISSION_POLICIES as readonly string[]).includes(policy) ? (policy as PermissionPolicy) : 'ask',
    notifyWaiting: c.get<boolean>('notifications.waitingForYou', true),
    notifyCompleted: notice(c.get('notifications.completed'), 'statusBar'),
    notifyFailed: notice(c.get('notifications.failed'), 'notification'),
  };
}
