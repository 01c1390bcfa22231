// The review part of the Sessions view: what a session's node holds (a summary line, a drift
// warning, its changed files, in folders when there are many) and how each of those reads.
// Everything comes from the ChangesModel; asking it for a session only starts a background load.
import * as vscode from 'vscode';
import type { Session } from '../../daemon/protocol/entities.js';
import type { ChangedFile, Changes } from '../../daemon/protocol/reviewEntities.js';
import { COMMANDS } from '../commands/commandIds.js';
import type { NodeCache, ReviewNode, TreeNode } from '../views/treeNodes.js';
import { splitPath, type FolderGroup } from './changeGroups.js';
import type { ChangesModel, SessionChanges } from './changesModel.js';
import { statusWord } from './fileDecorations.js';
import { encodeChangeUri, turnLabel } from './reviewUris.js';

/** Sessions whose node expands into changed files: those with a worktree. */
export function hasReview(s: Pick<Session, 'worktreePath' | 'state'>): boolean {
  return s.worktreePath !== null && s.state !== 'deleted';
}

export function sessionReviewChildren(model: ChangesModel, s: Session, nodes: NodeCache): TreeNode[] {
  const c = model.request(s.id);
  const out: TreeNode[] = [nodes.changes(s.id, s.projectId)];
  if (c.changes?.drift) out.push(nodes.changesNote(s.id, s.projectId, 'drift'));
  if (c.status === 'error') out.push(nodes.changesNote(s.id, s.projectId, 'error'));
  if (c.layout) out.push(...groupChildren(c.layout.root, s.id, s.projectId, nodes));
  return out;
}

export function folderChildren(model: ChangesModel, node: Extract<TreeNode, { kind: 'changeFolder' }>, nodes: NodeCache): TreeNode[] {
  const group = model.get(node.sessionId)?.layout?.folders.get(node.folder);
  return group ? groupChildren(group, node.sessionId, node.projectId, nodes) : [];
}

function groupChildren(group: FolderGroup, sessionId: string, projectId: string, nodes: NodeCache): TreeNode[] {
  return [...group.folders.map((f) => nodes.changeFolder(sessionId, projectId, f.path)), ...group.files.map((f) => nodes.change(sessionId, projectId, f.path))];
}

/** The parent of a review node, for `TreeView.reveal`. */
export function reviewParent(model: ChangesModel, node: ReviewNode, nodes: NodeCache): TreeNode {
  const layout = model.get(node.sessionId)?.layout;
  const path = node.kind === 'change' ? node.path : node.kind === 'changeFolder' ? node.folder : null;
  if (layout?.grouped && path !== null) {
    // The deepest folder group that lists this node.
    for (const g of layout.folders.values()) {
      if (node.kind === 'change' && g.files.some((f) => f.path === path)) return nodes.changeFolder(node.sessionId, node.projectId, g.path);
      if (node.kind === 'changeFolder' && g.folders.some((f) => f.path === path)) return nodes.changeFolder(node.sessionId, node.projectId, g.path);
    }
  }
  return nodes.session(node.sessionId, node.projectId);
}

export function fileOf(model: ChangesModel, sessionId: string, path: string): ChangedFile | undefined {
  return model.get(sessionId)?.changes?.files.find((f) => f.path === path);
}

export function changeCounts(c: Pick<Changes, 'totals'>): string {
  const n = c.totals.files;
  return `${n} file${n === 1 ? '' : 's'}  +${c.totals.additions} −${c.totals.deletions}`;
}

function summaryItem(s: Session | undefined, c: SessionChanges | undefined, node: ReviewNode): vscode.TreeItem {
  const turn = c?.turn ?? null;
  const item = new vscode.TreeItem(turn === null ? 'Changes' : turnLabel(turn), vscode.TreeItemCollapsibleState.None);
  item.id = `changes:${node.sessionId}`;
  const merged = c?.changes?.merged ?? s?.merged ?? null;
  const parts: string[] = [];
  if (!c || (c.status === 'loading' && !c.changes)) parts.push('loading…');
  else if (c.changes) parts.push(c.changes.totals.files === 0 ? 'no changes' : changeCounts(c.changes));
  if (merged) parts.push(`merged into ${merged.into}`);
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon(merged ? 'git-merge' : turn === null ? 'git-compare' : 'history');
  const scope = turn === null ? 'All changes against the base' : `The changes of ${turnLabel(turn).toLowerCase()} alone`;
  item.tooltip = `${scope}. Click to show another turn's changes.`;
  item.command = { command: COMMANDS.selectTurn, title: 'Show Changes of Turn…', arguments: [node] };
  item.contextValue = `reviewChanges${c?.changes && c.changes.totals.files > 0 ? ':files' : ''}`;
  item.accessibilityInformation = { label: `${item.label as string}, ${item.description}` };
  return item;
}

export function reviewTreeItem(model: ChangesModel, s: Session | undefined, node: ReviewNode): vscode.TreeItem {
  const c = model.get(node.sessionId);
  switch (node.kind) {
    case 'changes':
      return summaryItem(s, c, node);
    case 'changesNote': {
      if (node.note === 'drift') {
        const drift = c?.changes?.drift ?? s?.drift ?? null;
        const item = new vscode.TreeItem('Worktree is not on its branch', vscode.TreeItemCollapsibleState.None);
        item.id = `changesNote:${node.sessionId}:drift`;
        item.description = drift ? `on ${drift.actualBranch ?? 'a detached HEAD'}, expected ${drift.expectedBranch}` : undefined;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = 'Someone switched the worktree to another branch. Merge and Discard refuse until it is back on the session branch.';
        item.contextValue = 'reviewDrift';
        return item;
      }
      const item = new vscode.TreeItem('Could not list the changes', vscode.TreeItemCollapsibleState.None);
      item.id = `changesNote:${node.sessionId}:error`;
      item.description = c?.error ?? undefined;
      item.tooltip = `${c?.error ?? ''}\nClick to try again.`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.command = { command: COMMANDS.refreshChanges, title: 'Refresh Changes', arguments: [node] };
      item.contextValue = 'reviewError';
      return item;
    }
    case 'changeFolder': {
      const group = c?.layout?.folders.get(node.folder);
      const item = new vscode.TreeItem(group?.label ?? node.folder, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `changeFolder:${node.sessionId}:${node.folder}`;
      item.resourceUri = vscode.Uri.from(encodeChangeUri({ sessionId: node.sessionId, path: node.folder, status: null }));
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'reviewFolder';
      return item;
    }
    case 'change': {
      const file = c?.changes?.files.find((f) => f.path === node.path);
      const { name, dir } = splitPath(node.path);
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
      item.id = `change:${node.sessionId}:${node.path}`;
      if (!file) return item;
      const grouped = c?.layout?.grouped ?? false;
      const from = file.status === 'renamed' && file.oldPath ? `← ${file.oldPath}` : '';
      item.description = [grouped ? '' : dir, from].filter(Boolean).join(' ');
      item.resourceUri = vscode.Uri.from(encodeChangeUri({ sessionId: node.sessionId, path: file.path, status: file.status }));
      item.iconPath = vscode.ThemeIcon.File;
      const counts = file.binary ? 'binary' : `+${file.additions ?? 0} −${file.deletions ?? 0}`;
      const facets = [file.committed ? 'committed' : '', file.uncommitted ? 'uncommitted' : '', file.untracked ? 'untracked' : ''].filter(Boolean).join(', ');
      item.tooltip = `${file.path}${from ? ` (${from})` : ''}\n${statusWord(file.status)} · ${counts}${facets ? ` · ${facets}` : ''}`;
      item.command = { command: COMMANDS.openChange, title: 'Open Changes', arguments: [node] };
      item.contextValue = `reviewChange:${file.status}`;
      item.accessibilityInformation = { label: `${file.path}, ${statusWord(file.status)}, ${counts}` };
      return item;
    }
  }
}
