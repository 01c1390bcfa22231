// A/M/D/R badges and the Source Control colours on the changed-file nodes of the Sessions view.
// Only URIs of our own `switchboard-change:` scheme are decorated, so nothing else in the
// workbench (the Explorer, editors' tabs) is touched.
import * as vscode from 'vscode';
import type { ChangeStatus } from '../../daemon/protocol/reviewEntities.js';
import { CHANGE_SCHEME, decodeChangeUri, statusLetter } from './reviewUris.js';

const COLORS: Record<ChangeStatus, string> = {
  added: 'gitDecoration.addedResourceForeground',
  modified: 'gitDecoration.modifiedResourceForeground',
  deleted: 'gitDecoration.deletedResourceForeground',
  renamed: 'gitDecoration.renamedResourceForeground',
};

const WORDS: Record<ChangeStatus, string> = { added: 'Added', modified: 'Modified', deleted: 'Deleted', renamed: 'Renamed' };

export function statusWord(status: ChangeStatus): string {
  return WORDS[status];
}

export class ChangeDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== CHANGE_SCHEME) return undefined;
    const ref = decodeChangeUri(uri);
    if (!ref?.status) return undefined;
    const d = new vscode.FileDecoration(statusLetter(ref.status), WORDS[ref.status], new vscode.ThemeColor(COLORS[ref.status]));
    d.propagate = false;
    return d;
  }
}
