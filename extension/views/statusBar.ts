// The status bar item: daemon up/down, how many sessions run and how many wait for you; a click
// opens the quick actions. Waiting sessions turn it to the warning colour: that is the moment a
// person is needed.
import * as vscode from 'vscode';
import type { DaemonConnection } from '../daemonConnection.js';
import type { SessionTreeModel } from '../model/sessionTreeModel.js';
import type { DaemonSupervisor } from '../supervisor/daemonSupervisor.js';
import { Disposable } from '../util/disposable.js';
import { COMMANDS } from '../commands/commandIds.js';
import { statusText } from './statusText.js';

export class StatusBar extends Disposable {
  readonly #item: vscode.StatusBarItem;

  constructor(
    private readonly connection: DaemonConnection,
    private readonly supervisor: DaemonSupervisor,
    private readonly model: SessionTreeModel,
    onDidRefresh: vscode.Event<void>,
  ) {
    super();
    this.#item = this._register(vscode.window.createStatusBarItem('switchboard.status', vscode.StatusBarAlignment.Left, 50));
    this.#item.name = 'Switchboard';
    this.#item.command = COMMANDS.quickActions;
    this._register(connection.onDidChangeState(() => this.update()));
    this._register(onDidRefresh(() => this.update()));
    this.update();
    this.#item.show();
  }

  update(): void {
    const t = statusText(this.connection.state, this.model.runningCount, this.model.waitingCount, this.supervisor.lastError);
    this.#item.text = t.text;
    this.#item.tooltip = t.tooltip;
    this.#item.backgroundColor =
      t.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : t.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.#item.accessibilityInformation = { label: t.tooltip };
  }
}
