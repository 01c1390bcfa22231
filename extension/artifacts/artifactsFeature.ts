// The artifacts feature's wiring: the model the Sessions view lists them from (fed by the
// window's one event feed), the `switchboard-artifact:` content provider, and Open Artifact.
// Created before the tree (which shows the model); the command once the command deps exist.
import * as vscode from 'vscode';
import type { Artifact } from '../../daemon/protocol/entities.js';
import { clientOf, registerCommand, type CommandDeps } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import type { DaemonConnection } from '../daemonConnection.js';
import { shortIdOf } from '../views/eventsPresentation.js';
import { ArtifactContentProvider, openArtifact } from './artifactContentProvider.js';
import { isArtifactLeaf } from './artifactNodes.js';
import { ArtifactsModel } from './artifactsModel.js';
import { ARTIFACT_SCHEME } from './artifactUris.js';

export function createArtifacts(context: vscode.ExtensionContext, connection: DaemonConnection): ArtifactsModel {
  const model = new ArtifactsModel(async (sessionId) => (await connection.whenUp(10_000)).api.listArtifacts({ query: { session: sessionId } }).then((r) => r.artifacts));
  context.subscriptions.push(
    connection.onEvent((e) => model.applyEvent(e)),
    connection.onDidReset(() => model.invalidateAll()),
    vscode.workspace.registerTextDocumentContentProvider(ARTIFACT_SCHEME, new ArtifactContentProvider(connection)),
  );
  return model;
}

/** Open Artifact: a tree node, or `{ artifactId }` (tests, other commands). */
export function registerArtifactCommands(deps: CommandDeps, model: ArtifactsModel): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.openArtifact, async (arg: unknown) => {
      const artifact = await artifactOf(deps, model, arg);
      if (!artifact) return undefined;
      await openArtifact(artifact, deps.model.session(artifact.sessionId)?.shortId ?? shortIdOf(artifact.sessionId));
      return artifact.id;
    }),
  ];
}

async function artifactOf(deps: CommandDeps, model: ArtifactsModel, arg: unknown): Promise<Artifact | undefined> {
  if (isArtifactLeaf(arg)) {
    const known = model.artifact(arg.sessionId, arg.artifactId);
    if (known) return known;
  }
  const id = typeof arg === 'object' && arg !== null ? (arg as { artifactId?: unknown }).artifactId : undefined;
  if (typeof id !== 'string') return undefined;
  return (await (await clientOf(deps)).api.getArtifact({ params: { id } })).artifact;
}
