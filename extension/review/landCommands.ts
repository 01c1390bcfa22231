// Landing a session: Merge (squash or merge, the commit message prefilled from the daemon's
// preview, progress, a plain report when it cannot happen — conflicting files each with their
// diff one click away) and Discard (after a modal confirmation). Tests and other callers pass
// `{ strategy, message }` / `{ confirm: true }` to skip the questions; the daemon still decides.
import * as vscode from 'vscode';
import { DaemonResponseError } from '../../daemon/protocol/client.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { MERGE_STRATEGIES, type MergeStrategy } from '../../daemon/protocol/reviewEntities.js';
import type { DiscardResult, MergeResult } from '../../daemon/protocol/reviewRoutes.js';
import { clientOf, registerCommand } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import { resolveSession } from '../commands/pickers.js';
import { isLegal } from '../model/sessionActions.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { refusalFromError, refusalFromPreview, subjectOf, withSubject, type MergeRefusal } from './mergeReport.js';
import { listingFor, openDiff, type ReviewDeps } from './reviewCommands.js';
import { worktreeFilePath } from './reviewUris.js';

/** What the Merge command answers (tests read it): the daemon's result, or why not. */
export type MergeOutcome = { merged: true; result: MergeResult } | { merged: false; refusal: MergeRefusal | null };

interface MergeOptions {
  strategy?: MergeStrategy;
  message?: string;
}

function mergeOptions(v: unknown): MergeOptions {
  if (typeof v !== 'object' || v === null) return {};
  const o = v as { strategy?: unknown; message?: unknown };
  const out: MergeOptions = {};
  if (typeof o.strategy === 'string' && (MERGE_STRATEGIES as readonly string[]).includes(o.strategy)) out.strategy = o.strategy as MergeStrategy;
  if (typeof o.message === 'string' && o.message.trim()) out.message = o.message;
  return out;
}

interface StrategyPick extends vscode.QuickPickItem {
  strategy: MergeStrategy;
}

export function registerLandCommands(deps: ReviewDeps): vscode.Disposable[] {
  const d = deps.base;

  /** Shows why a merge did not happen; conflicting or dirty files are offered one by one. Not awaited by the command. */
  const report = async (s: Session, refusal: MergeRefusal): Promise<void> => {
    d.log.warn(`merge of ${s.shortId}: ${refusal.message}`);
    const show = refusal.reason === 'merge_conflict' ? 'Show Conflicting Files' : refusal.files.length > 0 ? 'Show Files' : undefined;
    const choice = await vscode.window.showErrorMessage(refusal.message, ...(show ? [show] : []));
    if (choice === show) await showFiles(s, refusal);
  };

  /** A list of the files with an "Open Diff" button each (the session's diff of that file). */
  const showFiles = async (s: Session, refusal: MergeRefusal): Promise<void> => {
    const diffButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Open the session\'s diff of this file' };
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { path: string }>();
    pick.title = refusal.reason === 'merge_conflict' ? `Conflicts merging "${sessionTitle(s)}"` : `Uncommitted changes in ${refusal.checkout ?? 'the base checkout'}`;
    pick.placeholder = refusal.reason === 'merge_conflict' ? 'Pick a file to open the session\'s diff of it' : 'Pick a file to open it in the checkout';
    pick.ignoreFocusOut = true;
    pick.items =
      refusal.reason === 'merge_conflict'
        ? refusal.conflicts.map((c) => ({ label: c.path, description: c.types.join(', '), detail: c.messages.join(' '), path: c.path, buttons: [diffButton] }))
        : refusal.files.map((f) => ({ label: f, path: f }));
    const open = async (path: string) => {
      if (refusal.reason === 'merge_conflict') {
        const changes = await listingFor(deps, s, null);
        const file = changes.files.find((f) => f.path === path);
        if (file) await openDiff(s, file, changes, false);
        else void vscode.window.showInformationMessage(`${path} is not among the session's changed files.`);
      } else if (refusal.checkout) {
        await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(worktreeFilePath(refusal.checkout, path)), { preview: false });
      }
    };
    pick.onDidTriggerItemButton((e) => void open(e.item.path));
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (item) void open(item.path);
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
  };

  return [
    registerCommand(d, COMMANDS.merge, async (arg: unknown, optionsArg?: unknown): Promise<MergeOutcome | undefined> => {
      const s = await resolveSession(d, arg, 'worktree', 'Merge which session into its base branch?');
      if (!s) return undefined;
      if (!s.worktreePath) throw new Error(`"${sessionTitle(s)}" has no worktree: ${s.action} sessions change nothing to merge.`);
      const title = sessionTitle(s);
      const opts = mergeOptions(optionsArg);
      const client = await clientOf(d);

      let preview = await client.api.mergePreview({ params: { id: s.id }, query: { strategy: opts.strategy ?? 'squash' } });
      let strategy = opts.strategy;
      if (!strategy) {
        const items: StrategyPick[] = [
          { label: 'Squash and merge', description: `one new commit on ${preview.into}`, detail: `${preview.files.length} file(s) change on ${preview.into}`, strategy: 'squash' },
          { label: 'Merge', description: `a merge commit on ${preview.into}; the session's branch stays in the history`, strategy: 'merge' },
        ];
        const picked = await vscode.window.showQuickPick(items, { title: `Merge "${title}" into ${preview.into}`, placeHolder: 'How should the changes land?' });
        if (!picked) return undefined;
        strategy = picked.strategy;
        if (strategy !== 'squash') preview = await client.api.mergePreview({ params: { id: s.id }, query: { strategy } });
      }
      const blocked = refusalFromPreview(preview, title, s.drift ?? null);
      if (blocked) {
        void report(s, blocked);
        return { merged: false, refusal: blocked };
      }

      let message = opts.message;
      if (!message) {
        const subject = await vscode.window.showInputBox({
          title: `${strategy === 'squash' ? 'Squash and merge' : 'Merge'} "${title}" into ${preview.into}`,
          prompt: 'Commit message (the body keeps the prompt, the follow-ups and the plan)',
          value: subjectOf(preview.message),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() === '' ? 'Type a commit message' : undefined),
        });
        if (!subject) return undefined;
        message = withSubject(preview.message, subject);
      }

      try {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Merging "${title}" into ${preview.into}…` },
          () => client.api.mergeSession({ params: { id: s.id }, body: { strategy, message } }),
        );
        void deps.changes.refresh(s.id);
        const n = result.files.length;
        const done = `Merged "${title}" into ${result.into} (${result.strategy}, ${result.commit.slice(0, 7)}, ${n} file${n === 1 ? '' : 's'}).`;
        d.log.info(done);
        const archive = isLegal(result.session, 'archive') ? 'Archive Session' : undefined;
        void vscode.window.showInformationMessage(done, ...(archive ? [archive] : [])).then((c) => {
          if (c === archive) void vscode.commands.executeCommand(COMMANDS.archive, s.id);
        });
        return { merged: true, result };
      } catch (err) {
        if (!(err instanceof DaemonResponseError) || err.code !== 'conflict') throw err;
        const refusal = refusalFromError(err.details, err.message, title, preview.into);
        if (!refusal) throw err;
        void report(s, refusal);
        return { merged: false, refusal };
      }
    }),

    registerCommand(d, COMMANDS.discard, async (arg: unknown, optionsArg?: unknown): Promise<DiscardResult | undefined> => {
      const s = await resolveSession(d, arg, 'worktree', 'Discard the changes of which session?');
      if (!s) return undefined;
      if (!s.worktreePath) throw new Error(`"${sessionTitle(s)}" has no worktree: ${s.action} sessions change nothing.`);
      const title = sessionTitle(s);
      if ((optionsArg as { confirm?: unknown } | undefined)?.confirm !== true) {
        const changes = await listingFor(deps, s, null);
        const n = changes.totals.files;
        const choice = await vscode.window.showWarningMessage(
          `Discard all changes of "${title}"?`,
          {
            modal: true,
            detail: `Its worktree goes back to the base (${n} changed file${n === 1 ? '' : 's'}, committed or not; ignored files stay). The previous state is kept under refs/switchboard/discarded/, so git can still bring it back.`,
          },
          'Discard',
        );
        if (choice !== 'Discard') return undefined;
      }
      const client = await clientOf(d);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Discarding the changes of "${title}"…` }, () =>
        client.api.discardSession({ params: { id: s.id } }),
      );
      void deps.changes.refresh(s.id);
      const kept = result.backupRef ? ` The previous state is kept as ${result.backupRef}.` : '';
      void vscode.window.showInformationMessage(`Discarded ${result.files} changed file${result.files === 1 ? '' : 's'} of "${title}".${kept}`);
      return result;
    }),
  ];
}
