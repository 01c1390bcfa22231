// The Containers section's commands: Ensure Computer, Open Desktop, Stop Agent, Remove (after a
// confirmation), Build Images (a progress notification fed by image.* events) and Refresh. Each
// failure becomes a message through `registerCommand`.
import * as vscode from 'vscode';
import type { Pod } from '../../daemon/protocol/containerEntities.js';
import { clientOf, registerCommand, type CommandDeps } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import type { DaemonEvent } from '../daemonConnection.js';
import type { DesktopPanels } from '../desktop/desktopPanels.js';
import type { ContainerSync } from './containerSync.js';
import type { ContainersModel } from './containersModel.js';
import { isPodNode } from './containersTreeProvider.js';
import { buildStep } from './imageBuildMessages.js';

export interface ContainerCommandDeps {
  base: CommandDeps;
  model: ContainersModel;
  sync: ContainerSync;
  desktops: DesktopPanels;
}

export function registerContainerCommands(d: ContainerCommandDeps): vscode.Disposable[] {
  const { base } = d;
  const podOf = (arg: unknown): Pod | undefined => (isPodNode(arg) ? d.model.pod(arg.podId) : undefined);
  return [
    registerCommand(base, COMMANDS.ensureComputer, () => ensureComputer(d)),
    registerCommand(base, COMMANDS.openDesktop, (arg: unknown) => {
      const pod = podOf(arg);
      d.desktops.open(pod?.kind === 'computer' ? pod.user : undefined);
    }),
    registerCommand(base, COMMANDS.stopContainerAgent, (arg: unknown) => stopAgent(d, podOf(arg))),
    registerCommand(base, COMMANDS.removeContainer, (arg: unknown) => removeContainer(d, podOf(arg))),
    registerCommand(base, COMMANDS.buildImages, () => buildImages(d)),
    registerCommand(base, COMMANDS.refreshContainers, () => d.sync.reload()),
  ];
}

async function ensureComputer(d: ContainerCommandDeps): Promise<Pod> {
  const client = await clientOf(d.base);
  const { pod, created } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Starting your computer container…' },
    () => client.api.computerPodEnsure({ body: {} }),
  );
  d.base.log.info(`computer ${pod.name}: ${created ? 'created' : 'already running'}`);
  await d.sync.reload();
  return pod;
}

async function stopAgent(d: ContainerCommandDeps, pod: Pod | undefined): Promise<void> {
  if (!pod) return;
  const client = await clientOf(d.base);
  if (pod.kind === 'agent') {
    // A session's container lives exactly as long as its agent: stopping the session ends both.
    if (!pod.sessionId) return;
    await client.api.stopSession({ params: { id: pod.sessionId } });
  } else {
    const { stopped } = await client.api.computerAgentStop({ body: { user: pod.user } });
    void vscode.window.showInformationMessage(stopped.length === 0 ? `No agent runs in ${pod.user}'s computer.` : `Stopped ${stopped.length} agent${stopped.length === 1 ? '' : 's'} in ${pod.user}'s computer.`);
  }
  await d.sync.reload();
}

async function removeContainer(d: ContainerCommandDeps, pod: Pod | undefined): Promise<void> {
  if (!pod || pod.kind !== 'computer') return;
  const remove = 'Remove';
  const choice = await vscode.window.showWarningMessage(
    `Remove ${pod.user}'s computer container?`,
    { modal: true, detail: 'Agents running in it are stopped and its desktop closes. Its home folder is kept; "Ensure Computer" makes a new one.' },
    remove,
  );
  if (choice !== remove) return;
  const client = await clientOf(d.base);
  const { stoppedSessions } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Removing ${pod.user}'s computer container…` },
    () => client.api.computerPodRemove({ body: { user: pod.user } }),
  );
  if (stoppedSessions.length > 0) d.base.log.info(`removing ${pod.name} stopped ${stoppedSessions.length} session(s)`);
  await d.sync.reload();
}

async function buildImages(d: ContainerCommandDeps): Promise<boolean> {
  const client = await clientOf(d.base);
  // Listen before asking: the build's first events may arrive before the answer does.
  const early: DaemonEvent[] = [];
  let onEvent: (e: DaemonEvent) => void = (e) => early.push(e);
  const sub = d.base.connection.onEvent((e) => onEvent(e));
  try {
    const res = await client.api.buildImages({ body: {} });
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Building Switchboard images', cancellable: false },
      (progress) =>
        new Promise<boolean>((resolve) => {
          const failures: string[] = [];
          onEvent = (e) => {
            const step = buildStep(e, res.buildId, res.images.length);
            if (!step) return;
            if (step.message !== null || step.increment > 0) progress.report({ ...(step.message !== null ? { message: step.message } : {}), increment: step.increment });
            if (step.failure) failures.push(step.failure);
            if (step.finished) {
              const ok = step.finished.ok && failures.length === 0;
              const secs = Math.round(step.finished.seconds);
              if (ok) void vscode.window.showInformationMessage(`Switchboard images built in ${secs} s.`);
              else void vscode.window.showErrorMessage(`Building the Switchboard images failed: ${failures.join('; ') || 'see the daemon log'}`);
              resolve(ok);
            }
          };
          for (const e of early.splice(0)) onEvent(e);
        }),
    );
  } finally {
    sub.dispose();
  }
}
