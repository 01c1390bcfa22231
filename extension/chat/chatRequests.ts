// What the host does for each request a chat webview makes, once the message passed its schema:
// the daemon call behind it, and an answer in words when it fails. No `vscode` here: opening an
// editor is passed in, so unit tests run these handlers against a fake client.
import type { RouteMethods } from '../../daemon/protocol/client.js';
import type { WebviewRequest } from '../../webview-ui/chat/messages.js';
import { errorMessage } from '../util/logger.js';
import { confineToSession } from './sessionPath.js';

type ChatRoutes = 'followup' | 'cancelTurn' | 'answerPermission' | 'getSession' | 'updateSessionConfig' | 'answerElicitation';

export interface ChatRequestDeps {
  sessionId: string;
  client(): { readonly api: Pick<RouteMethods, ChatRoutes> } | null;
  /** The directory the session's agent works in (its worktree or, read-only, the checkout), if known. */
  sessionCwd(): string | null;
  openEditor(absPath: string, line: number | null): Promise<void>;
  /** Runs the extension's login command for this session (a terminal, or a key prompt). */
  login(): Promise<void>;
  /** Opens one of the session's ports in a browser ("Open Session Port in Browser"). */
  openPort(port: number): Promise<void>;
}

/** How a request went: an error in words, or done (with a note to show beside it, if any). */
export interface ChatAnswer {
  error: string | null;
  note?: string;
}

/** Null when done, else what went wrong, for the webview to show. */
export async function handleChatRequest(req: WebviewRequest, deps: ChatRequestDeps): Promise<string | null> {
  return (await answerChatRequest(req, deps)).error;
}

export async function answerChatRequest(req: WebviewRequest, deps: ChatRequestDeps): Promise<ChatAnswer> {
  try {
    if (req.type === 'openFile') return { error: await openFile(req.path, req.line, deps) };
    if (req.type === 'login') {
      await deps.login();
      return { error: null };
    }
    if (req.type === 'openPort') {
      await deps.openPort(req.port);
      return { error: null };
    }
    const client = deps.client();
    if (!client) return { error: 'The Switchboard daemon is not running; the extension is starting it. Try again in a moment.' };
    return await callDaemon(req, deps.sessionId, client.api);
  } catch (err) {
    // Daemon errors are written for people ("no turn is running in this session (it is completed)",
    // "model: demo-huge is not one of demo-fast, demo-smart").
    return { error: errorMessage(err) };
  }
}

async function callDaemon(
  req: Exclude<WebviewRequest, { type: 'openFile' | 'login' | 'openPort' }>,
  id: string,
  api: Pick<RouteMethods, ChatRoutes>,
): Promise<ChatAnswer> {
  const params = { id };
  switch (req.type) {
    case 'followup':
      await api.followup({ params, body: { text: req.text } });
      return { error: null };
    case 'cancel':
      await api.cancelTurn({ params });
      return { error: null };
    case 'answerPermission':
      await api.answerPermission({ params: { ...params, requestId: req.requestId }, body: { optionId: req.optionId } });
      return { error: null };
    case 'setConfig': {
      const answer = await api.updateSessionConfig({ params, body: req.change });
      const note = appliedNote(answer.applied);
      return { error: null, ...(note !== null ? { note } : {}) };
    }
    case 'answerElicitation':
      await api.answerElicitation({
        params: { ...params, requestId: req.requestId },
        body: { action: req.action, ...(req.content !== undefined ? { content: req.content } : {}) },
      });
      return { error: null };
  }
}

async function openFile(requested: string, line: number | null, deps: ChatRequestDeps): Promise<string | null> {
  let cwd = deps.sessionCwd();
  if (cwd === null) {
    const client = deps.client();
    if (!client) return 'The Switchboard daemon is not running, so this session\'s directory is unknown.';
    cwd = (await client.api.getSession({ params: { id: deps.sessionId } })).session.cwd;
  }
  const target = await confineToSession(cwd, requested);
  if (!target.ok) return `Cannot open: ${target.reason}.`;
  await deps.openEditor(target.path, line);
  return null;
}

/** The words shown beside a setting the daemon accepted but the agent has not taken yet. */
export function appliedNote(applied: 'now' | 'next_prompt' | 'next_start'): string | null {
  if (applied === 'next_prompt') return 'applies at the next prompt';
  if (applied === 'next_start') return 'applies when the agent next starts';
  return null;
}
