// The containers feature's wiring, called once by the composition root: the Containers section
// (model, sync, tree view), the desktop panels and their commands. Kept here so extension.ts
// gains two lines, not twenty.
import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/commandContext.js';
import { DesktopPanels } from '../desktop/desktopPanels.js';
import { registerContainerCommands } from './containerCommands.js';
import { ContainerSync } from './containerSync.js';
import { ContainersModel } from './containersModel.js';
import { CONTAINERS_VIEW_ID, ContainersTreeProvider } from './containersTreeProvider.js';

export interface ContainersFeature {
  readonly model: ContainersModel;
  readonly tree: ContainersTreeProvider;
  readonly desktops: DesktopPanels;
}

export function registerContainers(deps: CommandDeps): ContainersFeature {
  const { context, connection, log } = deps;
  const model = new ContainersModel();
  const sync = new ContainerSync(connection, model, log);
  const tree = new ContainersTreeProvider(model, (id) => deps.model.session(id)?.title);
  const view = vscode.window.createTreeView(CONTAINERS_VIEW_ID, { treeDataProvider: tree });
  const desktops = new DesktopPanels(context.extensionUri, connection, log);
  // Listing asks the Docker engine: only while someone looks at the section.
  sync.setVisible(view.visible);
  context.subscriptions.push(
    model,
    sync,
    tree,
    view,
    desktops,
    view.onDidChangeVisibility((e) => sync.setVisible(e.visible)),
    ...registerContainerCommands({ base: deps, model, sync, desktops }),
  );
  return { model, tree, desktops };
}
