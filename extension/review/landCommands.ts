// Landing a session: Merge (squash or merge, the commit message prefilled from the daemon's
// preview, progress, a plain report when it cannot happen — conflicting files each with their
// diff one click away) and Discard (after a modal confirmation). Tests and other callers pass
// `{ strategy, message }` / `{ confirm: true }` to skip the questions; the daemon still decides.
import * as vscode from 'vscode';
import { DaemonResponseError, type SwitchboardClient } from '../../daemon/protocol/client.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { MERGE_STRATEGIES, type MergePreview, type MergeStrategy } from '../../daemon/protocol/reviewEntities.js';
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
  return [
    registerCommand(deps.base, COMMANDS.merge, (arg: unknown, optionsArg?: unknown) => mergeCommand(deps, arg, mergeOptions(optionsArg))),
    registerCommand(deps.base, COMMANDS.discard, (arg: unknown, optionsArg?: unknown) =>
      discardCommand(deps, arg, (optionsArg as { confirm?: unknown } | undefined)?.confirm === true),
    ),
  ];
}

async function mergeCommand(deps: ReviewDeps, arg: unknown, opts: MergeOptions): Promise<MergeOutcome | undefined> {
  const s = await resolveSession(deps.base, arg, 'worktree', 'Merge which session into its base branch?');
  if (!s) return undefined;
  if (!s.worktreePath) throw new Error(`"${sessionTitle(s)}" has no worktree: ${s.action} sessions change nothing to merge.`);
  const title = sessionTitle(s);
  const client = await clientOf(deps.base);
  const chosen = await chooseStrategy(client, s, title, opts.strategy);
  if (!chosen) return undefined;
  const { strategy, preview } = chosen;
  const blocked = refusalFromPreview(preview, title, s.drift ?? null);
  if (blocked) {
    void reportRefusal(deps, s, blocked);
    return { merged: false, refusal: blocked };
  }
  const message = opts.message ?? (await askCommitMessage(preview, strategy, title));
  if (!message) return undefined;
  return runMerge(deps, client, s, { strategy, message, into: preview.into });
}

/** The strategy given, or the one the person picks; with the daemon's preview for that strategy. */
async function chooseStrategy(
  client: SwitchboardClient,
  s: Session,
  title: string,
  given: MergeStrategy | undefined,
): Promise<{ strategy: MergeStrategy; preview: MergePreview } | undefined> {
  const preview = await client.api.mergePreview({ params: { id: s.id }, query: { strategy: given ?? 'squash' } });
  if (given) return { strategy: given, preview };
  const items: StrategyPick[] = [
    { label: 'Squash and merge', description: `one new commit on ${preview.into}`, detail: `${preview.files.length} file(s) change on ${preview.into}`, strategy: 'squash' },
    { label: 'Merge', description: `a merge commit on ${preview.into}; the session's branch stays in the history`, strategy: 'merge' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Merge "${title}" into ${preview.into}`, placeHolder: 'How should the changes land?' });
  if (!picked) return undefined;
  if (picked.strategy === 'squash') return { strategy: 'squash', preview };
  return { strategy: picked.strategy, preview: await client.api.mergePreview({ params: { id: s.id }, query: { strategy: picked.strategy } }) };
}

/** The commit message: the daemon's prefilled one with the subject the person confirms or edits. */
async function askCommitMessage(preview: MergePreview, strategy: MergeStrategy, title: string): Promise<string | undefined> {
  const subject = await vscode.window.showInputBox({
    title: `${strategy === 'squash' ? 'Squash and merge' : 'Merge'} "${title}" into ${preview.into}`,
    prompt: 'Commit message (the body keeps the prompt, the follow-ups and the plan)',
    value: subjectOf(preview.message),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Type a commit message' : undefined),
  });
  return subject ? withSubject(preview.message, subject) : undefined;
}

/** Asks the daemon to merge; a conflict it finds is reported like a refusal from the preview. */
async function runMerge(
  deps: ReviewDeps,
  client: SwitchboardClient,
  s: Session,
  merge: { strategy: MergeStrategy; message: string; into: string },
): Promise<MergeOutcome> {
  const title = sessionTitle(s);
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Merging "${title}" into ${merge.into}…` }, () =>
      client.api.mergeSession({ params: { id: s.id }, body: { strategy: merge.strategy, message: merge.message } }),
    );
    void deps.changes.refresh(s.id);
    announceMerged(deps, s, result);
    return { merged: true, result };
  } catch (err) {
    if (!(err instanceof DaemonResponseError) || err.code !== 'conflict') throw err;
    const refusal = refusalFromError(err.details, err.message, title, merge.into);
    if (!refusal) throw err;
    void reportRefusal(deps, s, refusal);
    return { merged: false, refusal };
  }
}

/** Says what landed, offering to archive the session when that is now legal. Not awaited. */
function announceMerged(deps: ReviewDeps, s: Session, result: MergeResult): void {
  const n = result.files.length;
  const done = `Merged "${sessionTitle(s)}" into ${result.into} (${result.strategy}, ${result.commit.slice(0, 7)}, ${n} file${n === 1 ? '' : 's'}).`;
  deps.base.log.info(done);
  const archive = isLegal(result.session, 'archive') ? 'Archive Session' : undefined;
  void vscode.window.showInformationMessage(done, ...(archive ? [archive] : [])).then((c) => {
    if (c === archive) void vscode.commands.executeCommand(COMMANDS.archive, s.id);
  });
}

/** Shows why a merge did not happen; conflicting or dirty files are offered one by one. Not awaited by the command. */
async function reportRefusal(deps: ReviewDeps, s: Session, refusal: MergeRefusal): Promise<void> {
  deps.base.log.warn(`merge of ${s.shortId}: ${refusal.message}`);
  const show = refusal.reason === 'merge_conflict' ? 'Show Conflicting Files' : refusal.files.length > 0 ? 'Show Files' : undefined;
  const choice = await vscode.window.showErrorMessage(refusal.message, ...(show ? [show] : []));
  if (choice === show) showRefusedFiles(deps, s, refusal);
}

/** A list of the files with an "Open Diff" button each (the session's diff of that file). */
function showRefusedFiles(deps: ReviewDeps, s: Session, refusal: MergeRefusal): void {
  const diffButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Open the session\'s diff of this file' };
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { path: string }>();
  pick.title = refusal.reason === 'merge_conflict' ? `Conflicts merging "${sessionTitle(s)}"` : `Uncommitted changes in ${refusal.checkout ?? 'the base checkout'}`;
  pick.placeholder = refusal.reason === 'merge_conflict' ? 'Pick a file to open the session\'s diff of it' : 'Pick a file to open it in the checkout';
  pick.ignoreFocusOut = true;
  pick.items =
    refusal.reason === 'merge_conflict'
      ? refusal.conflicts.map((c) => ({ label: c.path, description: c.types.join(', '), detail: c.messages.join(' '), path: c.path, buttons: [diffButton] }))
      : refusal.files.map((f) => ({ label: f, path: f }));
  pick.onDidTriggerItemButton((e) => void openRefusedFile(deps, s, refusal, e.item.path));
  pick.onDidAccept(() => {
    const item = pick.selectedItems[0];
    if (item) void openRefusedFile(deps, s, refusal, item.path);
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

/** A conflicting file opens as the session's diff of it; a dirty file of the checkout opens as it is. */
async function openRefusedFile(deps: ReviewDeps, s: Session, refusal: MergeRefusal, path: string): Promise<void> {
  if (refusal.reason === 'merge_conflict') {
    const changes = await listingFor(deps, s, null);
    const file = changes.files.find((f) => f.path === path);
    if (file) await openDiff(s, file, changes, false);
    else void vscode.window.showInformationMessage(`${path} is not among the session's changed files.`);
  } else if (refusal.checkout) {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(worktreeFilePath(refusal.checkout, path)), { preview: false });
  }
}

async function discardCommand(deps: ReviewDeps, arg: unknown, confirmed: boolean): Promise<DiscardResult | undefined> {
  const s = await resolveSession(deps.base, arg, 'worktree', 'Discard the changes of which session?');
  if (!s) return undefined;
  if (!s.worktreePath) throw new Error(`"${sessionTitle(s)}" has no worktree: ${s.action} sessions change nothing.`);
  const title = sessionTitle(s);
  if (!confirmed && !(await confirmDiscard(deps, s))) return undefined;
  const client = await clientOf(deps.base);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Discarding the changes of "${title}"…` }, () =>
    client.api.discardSession({ params: { id: s.id } }),
  );
  void deps.changes.refresh(s.id);
  const kept = result.backupRef ? ` The previous state is kept as ${result.backupRef}.` : '';
  void vscode.window.showInformationMessage(`Discarded ${result.files} changed file${result.files === 1 ? '' : 's'} of "${title}".${kept}`);
  return result;
}

/** A modal that says how much goes and where it is kept. */
async function confirmDiscard(deps: ReviewDeps, s: Session): Promise<boolean> {
  const changes = await listingFor(deps, s, null);
  const n = changes.totals.files;
  const choice = await vscode.window.showWarningMessage(
    `Discard all changes of "${sessionTitle(s)}"?`,
    {
      modal: true,
      detail: `Its worktree goes back to the base (${n} changed file${n === 1 ? '' : 's'}, committed or not; ignored files stay). The previous state is kept under refs/switchboard/discarded/, so git can still bring it back.`,
    },
    'Discard',
  );
  return choice === 'Discard';
}
