// Follow-up, Cancel Turn, Stop, Resume, Archive, Delete: one daemon call each, after finding the
// session (argument, focused chat, or a pick of the sessions for which the action is legal).
// The tree updates from the resulting events, not from these answers.
import * as vscode from 'vscode';
import type { CleanupPreview } from '../../daemon/protocol/routes.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { clientOf, registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { resolveSession } from './pickers.js';

export function registerLifecycleCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.followup, async (arg: unknown, textArg?: unknown) => {
      const s = await resolveSession(deps, arg, 'followup', 'Send a follow-up to which session?');
      if (!s) return;
      const text =
        typeof textArg === 'string' && textArg.trim()
          ? textArg
          : await vscode.window.showInputBox({
              title: `Follow-up to "${sessionTitle(s)}"`,
              prompt: s.state === 'running' ? 'Queued until the current turn ends' : undefined,
              ignoreFocusOut: true,
              validateInput: (v) => (v.trim() === '' ? 'Type the follow-up' : undefined),
            });
      if (!text) return;
      const client = await clientOf(deps);
      await client.api.followup({ params: { id: s.id }, body: { text } });
    }),
    registerCommand(deps, COMMANDS.cancelTurn, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'cancel', 'Cancel the running turn of which session?');
      if (!s) return;
      await (await clientOf(deps)).api.cancelTurn({ params: { id: s.id } });
    }),
    registerCommand(deps, COMMANDS.stop, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'stop', 'Stop which session?');
      if (!s) return;
      await (await clientOf(deps)).api.stopSession({ params: { id: s.id } });
    }),
    registerCommand(deps, COMMANDS.resume, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'resume', 'Resume which session?');
      if (!s) return;
      await (await clientOf(deps)).api.resumeSession({ params: { id: s.id } });
    }),
    registerCommand(deps, COMMANDS.archive, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'archive', 'Archive which session?');
      if (!s) return;
      await (await clientOf(deps)).api.archiveSession({ params: { id: s.id } });
    }),
    registerCommand(deps, COMMANDS.delete, async (arg: unknown, confirmArg?: unknown) => {
      const s = await resolveSession(deps, arg, 'delete', 'Delete which session?');
      if (!s) return;
      const client = await clientOf(deps);
      const preview = await client.api.cleanupPreview({ params: { id: s.id } });
      // Tests pass `{ confirm: true, deleteBranch }` to skip the modal; people always see it.
      const preset = confirmArg as { confirm?: unknown; deleteBranch?: unknown } | undefined;
      let deleteBranch: boolean;
      if (preset?.confirm === true) {
        deleteBranch = preset.deleteBranch === true;
      } else {
        const answer = await confirmDelete(s, preview);
        if (answer === undefined) return;
        deleteBranch = answer;
      }
      const result = await client.api.deleteSession({ params: { id: s.id }, query: { deleteBranch: deleteBranch ? 'true' : 'false' } });
      void vscode.window.setStatusBarMessage(
        `$(trash) Deleted "${sessionTitle(s)}"${result.branchDeleted ? ' and its branch' : ''}`,
        5_000,
      );
    }),
  ];
}

/** The modal with the daemon's cleanup preview; resolves with "delete the branch too?" or undefined. */
async function confirmDelete(s: Session, p: CleanupPreview): Promise<boolean | undefined> {
  const lines: string[] = [];
  if (p.worktreePath) lines.push(`Worktree: ${p.worktreePath}${p.worktreeExists ? '' : ' (already gone)'}`);
  if (p.uncommittedFiles.length > 0) {
    const shown = p.uncommittedFiles.slice(0, 8).map((f) => `  ${f.status} ${f.path}`);
    const more = p.uncommittedFiles.length > 8 ? [`  … and ${p.uncommittedFiles.length - 8} more`] : [];
    lines.push(`UNCOMMITTED changes that will be lost (${p.uncommittedFiles.length}):`, ...shown, ...more);
  }
  if (p.branch) lines.push(`Branch: ${p.branch}${p.branchExists ? '' : ' (already gone)'}`);
  if (p.artifacts.length > 0) lines.push(`Artifacts: ${p.artifacts.length} file(s)`);
  if (p.logFiles.length > 0) lines.push(`Logs: ${p.logFiles.length} file(s)`);
  lines.push(`Events: ${p.eventCount}`);
  const keepBranch = 'Delete, Keep Branch';
  const withBranch = 'Delete with Branch';
  const buttons = p.branch && p.branchExists ? [keepBranch, withBranch] : [keepBranch];
  const choice = await vscode.window.showWarningMessage(
    `Delete the session "${sessionTitle(s)}"?`,
    { modal: true, detail: lines.join('\n') },
    ...buttons,
  );
  if (choice === withBranch) return true;
  if (choice === keepBranch) return false;
  return undefined;
}
