// The artifacts part of the Sessions view: under a session, one "Artifacts" node (listed when
// first expanded), under it one node per turn, under each the artifacts that turn wrote —
// transcript, plan, diff, only those that exist. A click opens one as a read-only document.
// Everything comes from the ArtifactsModel; asking it for a session only starts a background load.
import * as vscode from 'vscode';
import type { Artifact, Session } from '../../daemon/protocol/entities.js';
import { COMMANDS } from '../commands/commandIds.js';
import type { ArtifactsModel } from './artifactsModel.js';
import { artifactFileName, artifactTurnLabel } from './artifactUris.js';

export type ArtifactNode =
  | { kind: 'artifacts'; sessionId: string; projectId: string }
  | { kind: 'artifactTurn'; sessionId: string; projectId: string; turnIndex: number | null }
  | { kind: 'artifact'; sessionId: string; projectId: string; artifactId: string };

export type ArtifactLeafNode = Extract<ArtifactNode, { kind: 'artifact' }>;

export function isArtifactNode(n: { kind: string }): n is ArtifactNode {
  return n.kind === 'artifacts' || n.kind === 'artifactTurn' || n.kind === 'artifact';
}

export function isArtifactLeaf(v: unknown): v is ArtifactLeafNode {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'artifact' && typeof (v as { artifactId?: unknown }).artifactId === 'string';
}

/** Sessions that may have artifacts: any that has been admitted to run (turn ends write them). */
export function mayHaveArtifacts(s: Pick<Session, 'state'>): boolean {
  return s.state !== 'queued' && s.state !== 'deleted';
}

const KIND_ICON: Record<Artifact['kind'], string> = { transcript: 'comment-discussion', plan: 'checklist', diff: 'diff', log: 'output', file: 'file' };

/** Interns artifact nodes by key, so VS Code sees the same object for the same item across refreshes. */
export class ArtifactNodeCache {
  readonly #nodes = new Map<string, ArtifactNode>();

  group(sessionId: string, projectId: string): ArtifactNode {
    return this.#get(`g:${sessionId}`, () => ({ kind: 'artifacts', sessionId, projectId }));
  }
  turn(sessionId: string, projectId: string, turnIndex: number | null): ArtifactNode {
    return this.#get(`t:${sessionId}:${turnIndex ?? '-'}`, () => ({ kind: 'artifactTurn', sessionId, projectId, turnIndex }));
  }
  artifact(sessionId: string, projectId: string, artifactId: string): ArtifactNode {
    return this.#get(`a:${sessionId}:${artifactId}`, () => ({ kind: 'artifact', sessionId, projectId, artifactId }));
  }

  #get(key: string, make: () => ArtifactNode): ArtifactNode {
    let n = this.#nodes.get(key);
    if (!n) this.#nodes.set(key, (n = make()));
    return n;
  }
}

export function artifactChildren(model: ArtifactsModel, node: ArtifactNode, nodes: ArtifactNodeCache): ArtifactNode[] {
  if (node.kind === 'artifacts') return model.request(node.sessionId).turns.map((t) => nodes.turn(node.sessionId, node.projectId, t.turnIndex));
  if (node.kind === 'artifactTurn') {
    const turn = model.get(node.sessionId)?.turns.find((t) => t.turnIndex === node.turnIndex);
    return (turn?.artifacts ?? []).map((a) => nodes.artifact(node.sessionId, node.projectId, a.id));
  }
  return [];
}

/** The parent of an artifact node, for `TreeView.reveal`; null for the group (its parent is the session). */
export function artifactParent(model: ArtifactsModel, node: ArtifactNode, nodes: ArtifactNodeCache): ArtifactNode | null {
  if (node.kind === 'artifactTurn') return nodes.group(node.sessionId, node.projectId);
  if (node.kind === 'artifact') {
    const a = model.artifact(node.sessionId, node.artifactId);
    return nodes.turn(node.sessionId, node.projectId, a?.turnIndex ?? null);
  }
  return null;
}

export function artifactTreeItem(model: ArtifactsModel, node: ArtifactNode): vscode.TreeItem {
  switch (node.kind) {
    case 'artifacts': {
      const known = model.get(node.sessionId);
      const item = new vscode.TreeItem('Artifacts', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `artifacts:${node.sessionId}`;
      item.iconPath = new vscode.ThemeIcon('archive');
      item.description = !known ? undefined : known.status === 'error' ? `could not list: ${known.error ?? ''}` : known.status === 'loading' && known.turns.length === 0 ? 'loading…' : turnsText(known.turns.length);
      item.tooltip = 'What each turn left: its transcript, the plan and the diff against the base. Click one to read it.';
      item.contextValue = 'artifacts';
      return item;
    }
    case 'artifactTurn': {
      const turn = model.get(node.sessionId)?.turns.find((t) => t.turnIndex === node.turnIndex);
      const item = new vscode.TreeItem(artifactTurnLabel(node.turnIndex), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `artifactTurn:${node.sessionId}:${node.turnIndex ?? '-'}`;
      item.iconPath = new vscode.ThemeIcon('history');
      item.description = turn?.artifacts.map((a) => a.kind).join(' · ');
      item.contextValue = 'artifactTurn';
      return item;
    }
    case 'artifact': {
      const a = model.artifact(node.sessionId, node.artifactId);
      const item = new vscode.TreeItem(a?.kind ?? 'artifact', vscode.TreeItemCollapsibleState.None);
      item.id = `artifact:${node.sessionId}:${node.artifactId}`;
      if (!a) return item;
      item.iconPath = new vscode.ThemeIcon(KIND_ICON[a.kind]);
      item.description = `${artifactFileName(a)} · ${sizeText(a.size)}`;
      item.tooltip = `${artifactTurnLabel(a.turnIndex)}: ${a.kind}, written ${new Date(a.createdAt).toLocaleString()}\nOpens read-only.`;
      item.command = { command: COMMANDS.openArtifact, title: 'Open Artifact', arguments: [node] };
      item.contextValue = `artifact:${a.kind}`;
      item.accessibilityInformation = { label: `${artifactTurnLabel(a.turnIndex)} ${a.kind}, ${sizeText(a.size)}` };
      return item;
    }
  }
}

function turnsText(n: number): string {
  return n === 0 ? 'none yet: a turn writes them when it ends' : `${n} turn${n === 1 ? '' : 's'}`;
}

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
