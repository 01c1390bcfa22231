// The fleet settings while a daemon runs: a changed `switchboard.maxAgents` or `memoryFloorMb`
// applies at once (PATCH /api/v1/admission: queued sessions start if the new limits allow), while
// `worktreeRoot` and `stallSeconds` are start flags, so a change offers a daemon restart. A daemon
// this window starts gets all four as flags (extension/supervisor/fleetFlags.ts).
import * as vscode from 'vscode';
import type { DaemonConnection } from '../daemonConnection.js';
import { SETTINGS_SECTION, readSettings } from '../settings.js';
import { admissionPatch } from '../supervisor/fleetFlags.js';
import { errorMessage } from '../util/logger.js';

const LIVE_KEYS = ['maxAgents', 'memoryFloorMb'] as const;
const RESTART_KEYS = ['worktreeRoot', 'stallSeconds'] as const;

export function followFleetSettings(connection: DaemonConnection, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const affects = (key: string) => e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`);
    if (LIVE_KEYS.some(affects)) void applyAdmission(connection, log);
    if (RESTART_KEYS.some(affects)) {
      void vscode.window
        .showInformationMessage('Switchboard: the worktree root and the stall limit apply to a daemon started after the change.', 'Restart Daemon')
        .then((c) => c && vscode.commands.executeCommand('switchboard.restartDaemon'));
    }
  });
}

async function applyAdmission(connection: DaemonConnection, log: vscode.LogOutputChannel): Promise<void> {
  const body = admissionPatch(readSettings());
  if (Object.keys(body).length === 0) {
    log.info('admission settings cleared: the daemon keeps its current limits until it restarts with its defaults');
    return;
  }
  const client = connection.client;
  if (connection.state !== 'up' || !client) return; // a daemon started later gets them as flags
  try {
    const snap = await client.api.updateAdmission({ body });
    log.info(`admission limits now: ${snap.maxAgents} agents at once, memory floor ${snap.memoryFloorMb} MiB`);
  } catch (err) {
    const message = errorMessage(err);
    log.error(`could not apply the admission settings: ${message}`);
    void vscode.window.showErrorMessage(`Switchboard: the admission settings were not applied: ${message}`);
  }
}
