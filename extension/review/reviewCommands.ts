// Review commands: open a changed file's diff, all of them (the multi-diff editor), pick one
// turn's changes, open the worktree file, and the review comments' commands (add, cancel,
// delete, send to the agent). Every command takes a tree node, a session id or `{ sessionId,
// path, turn }` (tests, other extensions), or asks.
import * as vscode from 'vscode';
import type { Session } from '../../daemon/protocol/entities.js';
import type { ChangedFile, Changes } from '../../daemon/protocol/reviewEntities.js';
import { clientOf, registerCommand, type CommandDeps } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import { resolveSession } from '../commands/pickers.js';
import { sessionIdFromArg } from '../commands/sessionArgs.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import type { ChangesModel } from './changesModel.js';
import { contentUri } from './reviewContentProvider.js';
import { ReviewComment, type ReviewComments, type SentReview } from './reviewComments.js';
import { diffSides, diffTitle, turnLabel, worktreeFilePath, type DiffSide } from './reviewUris.js';

export interface ReviewDeps {
  base: CommandDeps;
  changes: ChangesModel;
  comments: ReviewComments;
  /** Selects (and expands) a session's node in the Sessions view. */
  revealSession(sessionId: string): void;
}

/** `{ sessionId, path, turn? }` from a change node or a caller. */
function changeArg(arg: unknown): { sessionId: string; path: string; turn?: number | null } | null {
  if (typeof arg !== 'object' || arg === null) return null;
  const o = arg as { sessionId?: unknown; path?: unknown; turn?: unknown };
  if (typeof o.sessionId !== 'string' || typeof o.path !== 'string') return null;
  const turn = typeof o.turn === 'number' || o.turn === null ? o.turn : undefined;
  return turn === undefined ? { sessionId: o.sessionId, path: o.path } : { sessionId: o.sessionId, path: o.path, turn };
}

/** The listing a command works on: what the tree shows for that turn, else a fresh one. */
export async function listingFor(deps: ReviewDeps, s: Session, turn: number | null = deps.changes.turnOf(s.id)): Promise<Changes> {
  const held = deps.changes.get(s.id);
  if (held?.changes && held.turn === turn && held.status === 'loaded') return held.changes;
  const client = await clientOf(deps.base);
  return client.api.listChanges({ params: { id: s.id }, query: turn === null ? {} : { turn } });
}

function sideUri(s: Session, side: DiffSide): vscode.Uri {
  return side.kind === 'content' ? contentUri(side.ref) : vscode.Uri.file(worktreeFilePath(s.worktreePath!, side.path));
}

export function diffUris(s: Session, file: ChangedFile, changes: Pick<Changes, 'turn' | 'to'>): { left: vscode.Uri; right: vscode.Uri; title: string } {
  const sides = diffSides(s.id, file, changes.turn, changes.to);
  return { left: sideUri(s, sides.left), right: sideUri(s, sides.right), title: diffTitle(file.path, sessionTitle(s), changes.turn) };
}

export async function openDiff(s: Session, file: ChangedFile, changes: Pick<Changes, 'turn' | 'to'>, preview = true): Promise<void> {
  const { left, right, title } = diffUris(s, file, changes);
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview });
}

/** All of a listing's diffs in one multi-diff editor (VS Code ≥ 1.85), else one editor each. */
export async function openAll(deps: ReviewDeps, s: Session, changes: Changes): Promise<'multi' | 'single'> {
  const title = changes.turn === null ? `Changes (${sessionTitle(s)})` : `${turnLabel(changes.turn)} (${sessionTitle(s)})`;
  const resources = changes.files.map((f) => {
    const { left, right } = diffUris(s, f, changes);
    return [vscode.Uri.file(worktreeFilePath(s.worktreePath!, f.path)), left, right] as const;
  });
  try {
    await vscode.commands.executeCommand('vscode.changes', title, resources);
    return 'multi';
  } catch (err) {
    deps.base.log.info(`review: no multi-diff editor (${err instanceof Error ? err.message : String(err)}); opening diffs one by one`);
  }
  const MAX = 25;
  for (const f of changes.files.slice(0, MAX)) await openDiff(s, f, changes, false);
  if (changes.files.length > MAX) void vscode.window.showInformationMessage(`Opened the first ${MAX} of ${changes.files.length} changed files.`);
  return 'single';
}

interface TurnPick extends vscode.QuickPickItem {
  turn: number | null;
}

export function registerReviewCommands(deps: ReviewDeps): vscode.Disposable[] {
  const d = deps.base;
  return [
    registerCommand(d, COMMANDS.openChange, (arg: unknown) => openChangeCommand(deps, arg)),
    registerCommand(d, COMMANDS.openChangedFile, (arg: unknown) => openChangedFileCommand(deps, arg)),
    registerCommand(d, COMMANDS.reviewAllChanges, (arg: unknown) => reviewAllChangesCommand(deps, arg)),
    registerCommand(d, COMMANDS.selectTurn, (arg: unknown, preset?: unknown) => selectTurnCommand(deps, arg, preset)),
    registerCommand(d, COMMANDS.refreshChanges, async (arg: unknown) => {
      const id = sessionIdFromArg(arg);
      if (id) await deps.changes.refresh(id);
      else for (const s of deps.changes.sessions()) await deps.changes.refresh(s);
    }),

    registerCommand(d, COMMANDS.addReviewComment, async (arg: unknown) => {
      if (isReply(arg)) await deps.comments.reply(arg);
    }),
    registerCommand(d, COMMANDS.cancelReviewComment, (arg: unknown) => {
      if (isReply(arg)) deps.comments.cancel(arg.thread);
      else if (isThread(arg)) deps.comments.cancel(arg);
    }),
    registerCommand(d, COMMANDS.deleteReviewComment, async (comment: unknown) => {
      if (comment instanceof ReviewComment) await deps.comments.delete(comment);
    }),
    registerCommand(d, COMMANDS.sendReview, (arg: unknown) => sendReviewCommand(deps, arg)),
  ];
}

/** The session a command is about, when it has a worktree; says so when it has none. */
async function sessionWithWorktree(deps: ReviewDeps, arg: unknown, placeHolder: string): Promise<(Session & { worktreePath: string }) | undefined> {
  const s = await resolveSession(deps.base, arg, 'worktree', placeHolder);
  if (s && !s.worktreePath) void vscode.window.showInformationMessage(`"${sessionTitle(s)}" has no worktree: ${s.action} sessions change nothing.`);
  return s?.worktreePath ? (s as Session & { worktreePath: string }) : undefined;
}

async function openChangeCommand(deps: ReviewDeps, arg: unknown): Promise<void> {
  const ref = changeArg(arg);
  if (!ref) throw new Error('Open Changes needs a changed file (click one under a session).');
  const s = await sessionWithWorktree(deps, ref.sessionId, '');
  if (!s) return;
  const changes = await listingFor(deps, s, ref.turn === undefined ? deps.changes.turnOf(s.id) : ref.turn);
  const file = changes.files.find((f) => f.path === ref.path);
  if (!file) throw new Error(`${ref.path} has no changes in "${sessionTitle(s)}"${changes.turn === null ? '' : ` in ${turnLabel(changes.turn).toLowerCase()}`}.`);
  await openDiff(s, file, changes);
}

async function openChangedFileCommand(deps: ReviewDeps, arg: unknown): Promise<void> {
  const ref = changeArg(arg);
  if (!ref) return;
  const s = await sessionWithWorktree(deps, ref.sessionId, '');
  if (!s) return;
  const file = deps.changes.get(s.id)?.changes?.files.find((f) => f.path === ref.path);
  if (file?.status === 'deleted') {
    void vscode.window.showInformationMessage(`${ref.path} was deleted in "${sessionTitle(s)}".`);
    return;
  }
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(worktreeFilePath(s.worktreePath, ref.path)));
}

async function reviewAllChangesCommand(deps: ReviewDeps, arg: unknown): Promise<'multi' | 'single' | undefined> {
  const s = await sessionWithWorktree(deps, arg, 'Review the changes of which session?');
  if (!s) return undefined;
  const changes = await listingFor(deps, s);
  if (changes.files.length === 0) {
    void vscode.window.showInformationMessage(`"${sessionTitle(s)}" has no changes${changes.turn === null ? '' : ` in ${turnLabel(changes.turn).toLowerCase()}`}.`);
    return undefined;
  }
  return openAll(deps, s, changes);
}

async function selectTurnCommand(deps: ReviewDeps, arg: unknown, preset: unknown): Promise<number | null | undefined> {
  const s = await sessionWithWorktree(deps, arg, 'Show the changes of which session?');
  if (!s) return undefined;
  const given = preset as { turn?: unknown } | undefined;
  const presetTurn = given && (typeof given.turn === 'number' || given.turn === null) ? given.turn : undefined;
  const turn = presetTurn !== undefined ? presetTurn : await pickTurn(deps, s);
  if (turn === undefined) return undefined;
  deps.changes.setTurn(s.id, turn);
  deps.revealSession(s.id);
  // Picking a turn means wanting to see it: its diffs open as well (not when a caller only sets it).
  if (given?.turn === undefined) {
    const changes = await listingFor(deps, s, turn);
    if (changes.files.length > 0) await openAll(deps, s, changes);
    else void vscode.window.showInformationMessage(turn === null ? `"${sessionTitle(s)}" has no changes.` : `${turnLabel(turn)} of "${sessionTitle(s)}" changed no file.`);
  }
  return turn;
}

/** All changes (null) or one turn, picked from the session's turns; undefined when dismissed. */
async function pickTurn(deps: ReviewDeps, s: Session): Promise<number | null | undefined> {
  const client = await clientOf(deps.base);
  const [{ turns }, status] = await Promise.all([client.api.getSession({ params: { id: s.id } }), client.api.getReviewStatus({ params: { id: s.id } })]);
  const checkpointed = new Set(status.checkpoints.map((c) => c.turn));
  const current = deps.changes.turnOf(s.id);
  const items: TurnPick[] = [
    { label: '$(git-compare) All changes', description: `against the base${status.baseBranch ? ` (${status.baseBranch})` : ''}`, turn: null, picked: current === null },
    ...[...turns]
      .sort((a, b) => b.index - a.index)
      .map((t) => ({
        label: `$(history) ${turnLabel(t.index)}`,
        description: t.prompt.replace(/\s+/g, ' ').slice(0, 80),
        detail: t.state !== 'done' ? 'in progress: its files as the worktree has them now' : checkpointed.has(t.index) ? undefined : 'no checkpoint (checkpoints were off, or the session was discarded since)',
        turn: t.index,
        picked: current === t.index,
      })),
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Whose changes should "${sessionTitle(s)}" show?`, matchOnDescription: true });
  return picked ? picked.turn : undefined;
}

async function sendReviewCommand(deps: ReviewDeps, arg: unknown): Promise<SentReview | undefined> {
  // From a thread's title bar, a session node or id, or the palette (the sessions with pending comments).
  const sessionId = (isThread(arg) ? deps.comments.sessionOfThread(arg) : sessionIdFromArg(arg)) || (await pickSessionWithPending(deps));
  if (!sessionId) return undefined;
  const s = await resolveSession(deps.base, sessionId, 'worktree', '');
  if (!s) return undefined;
  const sent = await deps.comments.send(s);
  if (!sent) void vscode.window.showInformationMessage(`"${sessionTitle(s)}" has no pending review comments.`);
  else void vscode.window.showInformationMessage(`Sent ${sent.comments} review comment${sent.comments === 1 ? '' : 's'} to "${sessionTitle(s)}" (${turnLabel(sent.turn).toLowerCase()}).`);
  return sent;
}

/** The one session with pending comments, or the one picked among several; null when there is none. */
async function pickSessionWithPending(deps: ReviewDeps): Promise<string | null> {
  const waiting = deps.comments.store.sessionsWithPending();
  if (waiting.length === 0) {
    void vscode.window.showInformationMessage('There are no pending review comments. Open a changed file\'s diff and comment on the agent\'s side.');
    return null;
  }
  if (waiting.length === 1) return waiting[0]!;
  const items = waiting.map((id) => {
    const s = deps.base.model.session(id);
    return { label: s ? sessionTitle(s) : id, description: `${deps.comments.store.pending(id).length} pending`, id };
  });
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Send the review of which session?' }))?.id ?? null;
}

function isReply(v: unknown): v is vscode.CommentReply {
  return typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string' && isThread((v as { thread?: unknown }).thread);
}

function isThread(v: unknown): v is vscode.CommentThread {
  return typeof v === 'object' && v !== null && 'uri' in v && 'comments' in v && 'range' in v;
}
