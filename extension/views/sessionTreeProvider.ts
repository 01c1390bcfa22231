// The Sessions view: a TreeDataProvider over the SessionTreeModel. It never does I/O: the model
// is fed by the daemon's events elsewhere; this file only turns records into TreeItems and
// coalesces the model's change bursts (a busy agent emits many events a second) into one
// refresh per ~100 ms.
import * as vscode from 'vscode';
import { RUNNING_STATES } from '../../daemon/protocol/sessionStates.js';
import { ArtifactNodeCache, artifactChildren, artifactParent, artifactTreeItem, isArtifactNode, mayHaveArtifacts } from '../artifacts/artifactNodes.js';
import type { ArtifactsModel } from '../artifacts/artifactsModel.js';
import type { SessionTreeModel } from '../model/sessionTreeModel.js';
import { sessionContextValue } from '../model/sessionActions.js';
import { formatBytes, totalDiskBytes } from '../model/fleetPresentation.js';
import { sessionDescription, sessionTitle, sessionTooltip, stateIcon } from '../model/sessionPresentation.js';
import { projectCostText } from '../model/usagePresentation.js';
import type { UsageSync } from '../model/usageSync.js';
import type { ChangesModel } from '../review/changesModel.js';
import { folderChildren, hasReview, reviewParent, reviewTreeItem, sessionReviewChildren } from '../review/changeNodes.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import { NodeCache, archivedChildren, isReviewNode, projectChildren, type TreeNode } from './treeNodes.js';

export const REFRESH_DEBOUNCE_MS = 100;
/** Ages in descriptions ("3m") go stale; refresh them this often even without events. */
const AGE_REFRESH_MS = 30_000;
/** A running setup command shows its elapsed seconds ("setting up: npm ci — 12 s"). */
const SETUP_TICK_MS = 1_000;

export class SessionTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  readonly #model: SessionTreeModel;
  /** Sessions' changed files (review); without it, sessions do not expand. */
  readonly #changes: ChangesModel | undefined;
  readonly #nodes = new NodeCache();
  readonly #onDidChangeTreeData = this._register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  #pending: Set<string> | 'all' | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Ticks once a second only while some session's setup runs a command. */
  #setupClock: ReturnType<typeof setInterval> | null = null;
  /** Fired after each (debounced) refresh, for the badge and context keys. */
  readonly #onDidRefresh = this._register(new vscode.EventEmitter<void>());
  readonly onDidRefresh = this.#onDidRefresh.event;

  /** Each project's cost today, for its description; without it, none is shown. */
  readonly #usage: Pick<UsageSync, 'costToday' | 'onDidChangeCosts'> | undefined;
  /** Sessions' per-turn artifacts; without it, sessions have no Artifacts node. */
  readonly #artifacts: ArtifactsModel | undefined;
  readonly #artifactNodes = new ArtifactNodeCache();

  constructor(model: SessionTreeModel, changes?: ChangesModel, usage?: Pick<UsageSync, 'costToday' | 'onDidChangeCosts'>, artifacts?: ArtifactsModel) {
    super();
    this.#model = model;
    this.#changes = changes;
    this.#usage = usage;
    this.#artifacts = artifacts;
    if (artifacts) {
      this._register(
        artifacts.onDidChange((sessionId) => {
          const s = model.session(sessionId);
          if (s) this.#onDidChangeTreeData.fire(this.#artifactNodes.group(s.id, s.projectId));
        }),
      );
    }
    this._register(model.onDidChange((c) => this.#schedule(c.projects)));
    if (usage) this._register(usage.onDidChangeCosts(() => this.#schedule('all')));
    // The changes model coalesces its own loads: one refresh of the session's node per listing.
    if (changes) {
      this._register(
        changes.onDidChange((sessionId) => {
          const node = this.nodeOf(sessionId);
          if (node) this.#onDidChangeTreeData.fire(node);
          else this.#nodes.forgetReview(sessionId);
        }),
      );
    }
    const ages = setInterval(() => this.#schedule('all'), AGE_REFRESH_MS);
    this._register(toDisposable(() => clearInterval(ages)));
    this._register(toDisposable(() => this.#timer && clearTimeout(this.#timer)));
    this._register(toDisposable(() => this.#stopSetupClock()));
  }

  /** Starts the setup clock when a session sets up, stops it when none does. */
  #followSetupClock(): void {
    const settingUp = this.#model.settingUp();
    if (settingUp.length === 0) {
      this.#stopSetupClock();
      return;
    }
    if (this.#setupClock) return;
    this.#setupClock = setInterval(() => {
      const now = this.#model.settingUp();
      if (now.length === 0) this.#stopSetupClock();
      else for (const s of now) this.#onDidChangeTreeData.fire(this.#nodes.session(s.id, s.projectId));
    }, SETUP_TICK_MS);
  }

  #stopSetupClock(): void {
    if (this.#setupClock) clearInterval(this.#setupClock);
    this.#setupClock = null;
  }

  #schedule(projects: Set<string> | 'all'): void {
    if (projects === 'all' || this.#pending === 'all') this.#pending = 'all';
    else this.#pending = new Set([...(this.#pending ?? []), ...projects]);
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const pending = this.#pending;
      this.#pending = null;
      // A project-level refresh is cheaper, but a new project (or many touched) needs the root.
      const rootChanged = this.#rootChanged();
      if (rootChanged || pending === 'all' || pending === null || pending.size > 20) {
        this.#onDidChangeTreeData.fire(undefined);
      } else {
        for (const id of pending) this.#onDidChangeTreeData.fire(this.#nodes.project(id));
      }
      this.#onDidRefresh.fire();
      this.#followSetupClock();
    }, REFRESH_DEBOUNCE_MS);
  }

  #lastRootKey = '';
  /** Root children depend on the project list and on whether there is any session at all. */
  #rootChanged(): boolean {
    const key = `${this.#model.projects().map((p) => `${p.id}=${p.name}`).join(',')}|${totalSessions(this.#model) > 0}`;
    const changed = key !== this.#lastRootKey;
    this.#lastRootKey = key;
    return changed;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const m = this.#model;
    if (!node) {
      // With no session anywhere the view stays empty so its welcome content ("Start a session") shows.
      if (!m.loaded || totalSessions(m) === 0) return [];
      return m.projects().map((p) => this.#nodes.project(p.id));
    }
    if (node.kind === 'project') return projectChildren(m.sessionsOf(node.projectId), node.projectId, this.#nodes);
    if (node.kind === 'archived') return archivedChildren(m.sessionsOf(node.projectId), node.projectId, this.#nodes);
    if (node.kind === 'session') {
      const s = m.session(node.sessionId);
      if (!s) return [];
      const review = this.#changes && hasReview(s) ? sessionReviewChildren(this.#changes, s, this.#nodes) : [];
      return this.#artifacts && mayHaveArtifacts(s) ? [...review, this.#artifactNodes.group(s.id, s.projectId)] : review;
    }
    if (isArtifactNode(node)) return this.#artifacts ? artifactChildren(this.#artifacts, node, this.#artifactNodes) : [];
    if (this.#changes && node.kind === 'changeFolder') return folderChildren(this.#changes, node, this.#nodes);
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'project') return undefined;
    if (isArtifactNode(node)) return (this.#artifacts && artifactParent(this.#artifacts, node, this.#artifactNodes)) ?? this.nodeOf(node.sessionId);
    if (isReviewNode(node)) return this.#changes ? reviewParent(this.#changes, node, this.#nodes) : undefined;
    if (node.kind === 'session' && this.#model.session(node.sessionId)?.state === 'archived') return this.#nodes.archived(node.projectId);
    return this.#nodes.project(node.projectId);
  }

  /** The node of a session, for `TreeView.reveal`. */
  nodeOf(sessionId: string): TreeNode | undefined {
    const s = this.#model.session(sessionId);
    return s ? this.#nodes.session(s.id, s.projectId) : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const m = this.#model;
    switch (node.kind) {
      case 'project': {
        const p = m.project(node.projectId);
        const sessions = m.sessionsOf(node.projectId);
        const waiting = sessions.filter((s) => s.state === 'waiting_for_user').length;
        const running = sessions.filter((s) => RUNNING_STATES.includes(s.state)).length;
        const item = new vscode.TreeItem(p?.name ?? node.projectId, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `project:${node.projectId}`;
        item.iconPath = new vscode.ThemeIcon('repo');
        const cost = p && this.#usage ? projectCostText(this.#usage.costToday(p), p.budgetUsdPerDay) : null;
        item.description = [running ? `${running} running` : '', waiting ? `${waiting} waiting` : '', cost ?? ''].filter(Boolean).join(', ');
        const disk = totalDiskBytes(sessions);
        item.tooltip = p ? `${p.name}\n${p.repoPath}\ndefault branch: ${p.defaultBranch}${disk !== null ? `\ndisk: ${formatBytes(disk)} (sessions measured)` : ''}` : undefined;
        item.contextValue = 'project';
        return item;
      }
      case 'archived': {
        const n = m.sessionsOf(node.projectId).filter((s) => s.state === 'archived').length;
        const item = new vscode.TreeItem(`Archived (${n})`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `archived:${node.projectId}`;
        item.iconPath = new vscode.ThemeIcon('archive');
        item.contextValue = 'archivedGroup';
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem('No sessions yet — start one', vscode.TreeItemCollapsibleState.None);
        item.id = `empty:${node.projectId}`;
        item.iconPath = new vscode.ThemeIcon('add');
        item.command = { command: 'switchboard.startSession', title: 'Start Session', arguments: [{ kind: 'project', projectId: node.projectId }] };
        item.contextValue = 'empty';
        return item;
      }
      case 'session': {
        const s = m.session(node.sessionId);
        if (!s) {
          const gone = new vscode.TreeItem('(deleted)');
          gone.id = `session:${node.sessionId}`;
          return gone;
        }
        const now = Date.now();
        const fleet = { queuePosition: m.queuePosition(s.id) };
        const expandable = (this.#changes !== undefined && hasReview(s)) || (this.#artifacts !== undefined && mayHaveArtifacts(s));
        const item = new vscode.TreeItem(sessionTitle(s), expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `session:${s.id}`;
        item.description = sessionDescription(s, now, fleet);
        const icon = stateIcon(s);
        item.iconPath = new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
        const tip = new vscode.MarkdownString(sessionTooltip(s, m.project(s.projectId)?.name ?? s.projectId, now, fleet));
        tip.supportHtml = false;
        item.tooltip = tip;
        item.contextValue = sessionContextValue(s);
        item.command = { command: 'switchboard.openChat', title: 'Open Chat', arguments: [node] };
        item.accessibilityInformation = { label: `${sessionTitle(s)}, ${sessionDescription(s, now, fleet)}` };
        return item;
      }
      default:
        if (isArtifactNode(node)) return artifactTreeItem(this.#artifacts!, node);
        return reviewTreeItem(this.#changes!, m.session(node.sessionId), node);
    }
  }
}

function totalSessions(m: SessionTreeModel): number {
  const c = m.counts();
  return c.queued + c.created + c.running + c.waiting_for_user + c.completed + c.failed + c.stopped + c.archived;
}
