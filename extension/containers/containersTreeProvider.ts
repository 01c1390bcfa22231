// The Containers section: the user's computer container and agent containers, with state. Never
// does I/O: ContainerSync feeds the model; this file turns pods into TreeItems and coalesces the
// model's bursts into one refresh per ~100 ms.
import * as vscode from 'vscode';
import type { Pod } from '../../daemon/protocol/containerEntities.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import type { ContainersModel } from './containersModel.js';
import { podContextValue, podDescription, podIcon, podLabel, podTooltip, type SessionTitleOf } from './containerPresentation.js';

export const CONTAINERS_VIEW_ID = 'switchboard.containers';
const REFRESH_DEBOUNCE_MS = 100;

/** Plain data (an id), so a node stays valid while its pod changes. */
export type ContainerNode = { kind: 'pod'; podId: string } | { kind: 'note'; note: 'loading' | 'error' | 'empty' };

export function isPodNode(v: unknown): v is Extract<ContainerNode, { kind: 'pod' }> {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'pod' && typeof (v as { podId?: unknown }).podId === 'string';
}

export class ContainersTreeProvider extends Disposable implements vscode.TreeDataProvider<ContainerNode> {
  readonly #onDidChangeTreeData = this._register(new vscode.EventEmitter<ContainerNode | undefined>());
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #nodes = new Map<string, ContainerNode>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly model: ContainersModel,
    private readonly titleOf: SessionTitleOf,
  ) {
    super();
    this._register(
      model.onDidChange(() => {
        if (this.#timer) return;
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.#onDidChangeTreeData.fire(undefined);
        }, REFRESH_DEBOUNCE_MS);
      }),
    );
    this._register(toDisposable(() => this.#timer && clearTimeout(this.#timer)));
  }

  getChildren(node?: ContainerNode): ContainerNode[] {
    if (node) return [];
    const m = this.model;
    if (!m.loaded) return [{ kind: 'note', note: 'loading' }];
    if (m.error) return [{ kind: 'note', note: 'error' }];
    const pods = m.pods();
    if (pods.length === 0) return [{ kind: 'note', note: 'empty' }];
    return pods.map((p) => this.#node(p.id));
  }

  getTreeItem(node: ContainerNode): vscode.TreeItem {
    if (node.kind === 'note') return this.#noteItem(node.note);
    const p = this.model.pod(node.podId);
    if (!p) {
      const gone = new vscode.TreeItem('(removed)');
      gone.id = `pod:${node.podId}`;
      return gone;
    }
    return this.#podItem(p);
  }

  #podItem(p: Pod): vscode.TreeItem {
    const item = new vscode.TreeItem(podLabel(p, this.titleOf), vscode.TreeItemCollapsibleState.None);
    item.id = `pod:${p.id}`;
    item.description = podDescription(p);
    item.tooltip = podTooltip(p);
    const icon = podIcon(p);
    item.iconPath = new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
    item.contextValue = podContextValue(p);
    // A click on a running computer opens its desktop; on an agent, its session's chat.
    if (p.kind === 'computer' && p.state === 'running') {
      item.command = { command: 'switchboard.openDesktop', title: 'Open Desktop', arguments: [{ kind: 'pod', podId: p.id }] };
    } else if (p.kind === 'agent' && p.sessionId) {
      item.command = { command: 'switchboard.openChat', title: 'Open Chat', arguments: [p.sessionId] };
    }
    item.accessibilityInformation = { label: `${podLabel(p, this.titleOf)}, ${podDescription(p)}` };
    return item;
  }

  #noteItem(note: 'loading' | 'error' | 'empty'): vscode.TreeItem {
    if (note === 'loading') {
      const item = new vscode.TreeItem('Loading containers…');
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      item.id = 'note:loading';
      return item;
    }
    if (note === 'error') {
      const item = new vscode.TreeItem('Docker is not reachable');
      item.description = this.model.error ?? undefined;
      item.tooltip = `${this.model.error ?? ''}\n\nStart the Docker engine (or set DOCKER_HOST for the daemon), then refresh.`;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.id = 'note:error';
      item.contextValue = 'containersError';
      return item;
    }
    const item = new vscode.TreeItem('No containers — Ensure Computer');
    item.tooltip = 'Start your computer container (a desktop agents can use, and you can watch)';
    item.iconPath = new vscode.ThemeIcon('add');
    item.id = 'note:empty';
    item.command = { command: 'switchboard.ensureComputer', title: 'Ensure Computer' };
    return item;
  }

  #node(podId: string): ContainerNode {
    let n = this.#nodes.get(podId);
    if (!n) {
      n = { kind: 'pod', podId };
      this.#nodes.set(podId, n);
    }
    return n;
  }
}
