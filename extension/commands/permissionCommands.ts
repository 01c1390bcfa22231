// Approve / Reject Permission: pick the session (waiting ones first), then the request when
// several are pending, then — for approve — the agent's own allow option when it offers more
// than one (allow once / allow always). Notification buttons pass all three ids directly.
import * as vscode from 'vscode';
import type { PermissionOption } from '../../daemon/protocol/entities.js';
import { clientOf, registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { describeToolCall, optionFor, type Verdict } from './permissionOptions.js';
import { resolveSession } from './pickers.js';

export function registerPermissionCommands(deps: CommandDeps): vscode.Disposable[] {
  const answer = (verdict: Verdict) => async (arg: unknown, requestArg?: unknown, optionArg?: unknown) => {
    const s = await resolveSession(deps, arg, 'answer', verdict === 'allow' ? 'Approve a request of which session?' : 'Reject a request of which session?');
    if (!s) return;
    const client = await clientOf(deps);
    const { permissions } = await client.api.listPermissions({ params: { id: s.id }, query: { state: 'pending' } });
    if (permissions.length === 0) {
      void vscode.window.showInformationMessage('That session has no pending permission request (it may have been answered elsewhere).');
      return;
    }
    let request = typeof requestArg === 'string' ? permissions.find((p) => p.id === requestArg) : undefined;
    if (typeof requestArg === 'string' && !request) {
      void vscode.window.showInformationMessage('That permission request was already answered.');
      return;
    }
    if (!request) {
      if (permissions.length === 1) request = permissions[0]!;
      else {
        const picked = await vscode.window.showQuickPick(
          permissions.map((p) => ({ label: describeToolCall(p), description: new Date(p.createdAt).toLocaleTimeString(), request: p })),
          { placeHolder: verdict === 'allow' ? 'Approve which request?' : 'Reject which request?' },
        );
        if (!picked) return;
        request = picked.request;
      }
    }
    let option: PermissionOption | null | undefined =
      typeof optionArg === 'string' ? request.options.find((o) => o.optionId === optionArg) : undefined;
    if (!option) {
      const kinds = verdict === 'allow' ? ['allow_once', 'allow_always'] : ['reject_once', 'reject_always'];
      const matching = request.options.filter((o) => kinds.includes(o.kind));
      if (matching.length > 1 && typeof arg !== 'string') {
        const picked = await vscode.window.showQuickPick(
          matching.map((o) => ({ label: o.name, description: o.kind.replace('_', ' '), option: o })),
          { placeHolder: describeToolCall(request) },
        );
        if (!picked) return;
        option = picked.option;
      } else {
        option = optionFor(request.options, verdict);
      }
    }
    if (!option) {
      void vscode.window.showWarningMessage(`The agent offered no ${verdict === 'allow' ? 'allow' : 'reject'} option for this request; answer it in the chat.`);
      return;
    }
    await client.api.answerPermission({ params: { id: s.id, requestId: request.id }, body: { optionId: option.optionId } });
    deps.log.info(`${verdict === 'allow' ? 'approved' : 'rejected'} "${describeToolCall(request)}" in ${s.shortId} (${option.kind})`);
  };
  return [registerCommand(deps, COMMANDS.approve, answer('allow')), registerCommand(deps, COMMANDS.reject, answer('reject'))];
}
