// What the host does for each request a chat webview makes, once the message passed its schema:
// the daemon call behind it, and an answer in words when it fails. No `vscode` here: opening an
// editor is passed in, so unit tests run these handlers against a fake client.
import type { RouteMethods } from '../../daemon/protocol/client.js';
import type { WebviewRequest } from '../../webview-ui/chat/messages.js';
import { errorMessage } from '../util/logger.js';
import { confineToSession } from './sessionPath.js';

export interface ChatRequestDeps {
  sessionId: string;
  client(): { readonly api: Pick<RouteMethods, 'followup' | 'cancelTurn' | 'answerPermission' | 'getSession'> } | null;
  /** The directory the session's agent works in (its worktree or, read-only, the checkout), if known. */
  sessionCwd(): string | null;
  openEditor(absPath: string, line: number | null): Promise<void>;
}

/** Null when done, else what went wrong, for the webview to show. */
export async function handleChatRequest(req: WebviewRequest, deps: ChatRequestDeps): Promise<string | null> {
  try {
    if (req.type === 'openFile') return await openFile(req.path, req.line, deps);
    const client = deps.client();
    if (!client) return 'The Switchboard daemon is not running; the extension is starting it. Try again in a moment.';
    const params = { id: deps.sessionId };
    switch (req.type) {
      case 'followup':
        await client.api.followup({ params, body: { text: req.text } });
        return null;
      case 'cancel':
        await client.api.cancelTurn({ params });
        return null;
      case 'answerPermission':
        await client.api.answerPermission({ params: { ...params, requestId: req.requestId }, body: { optionId: req.optionId } });
        return null;
    }
  } catch (err) {
    // Daemon errors are written for people ("no turn is running in this session (it is completed)").
    return errorMessage(err);
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
