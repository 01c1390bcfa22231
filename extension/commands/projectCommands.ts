// Managing projects from VS Code: Add Project… (a folder picker), Rename Project, Set Default
// Branch (a pick of the repository's branches), Remove Project… (a modal with the daemon's
// preview of exactly what goes). Each is one daemon call after asking; the tree follows the
// resulting events (`project.added`, `project.updated`, `project.removed`).
import * as vscode from 'vscode';
import type { Project } from '../../daemon/protocol/entities.js';
import type { ProjectRemovalPreview } from '../../daemon/protocol/projectRoutes.js';
import { clientOf, registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { resolveProject } from './pickers.js';
import { liveSessionsText, removalDetail } from './projectRemovalText.js';

export function registerProjectCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.addProject, async (arg: unknown) => {
      const path = await folderToAdd(deps, arg);
      if (!path) return undefined;
      const { project } = await (await clientOf(deps)).api.addProject({ body: { path } });
      void vscode.window.setStatusBarMessage(`$(repo) Switchboard: added project ${project.name}`, 5_000);
      deps.log.info(`added project ${project.slug} (${project.repoPath})`);
      return project;
    }),
    registerCommand(deps, COMMANDS.renameProject, async (arg: unknown, nameArg?: unknown) => {
      const p = await resolveProject(deps, arg);
      if (!p) return;
      const name =
        typeof nameArg === 'string' && nameArg.trim()
          ? nameArg.trim()
          : await vscode.window.showInputBox({
              title: `Rename "${p.name}"`,
              value: p.name,
              prompt: `The name shown in Switchboard; the slug "${p.slug}" (in branch names and the CLI) stays`,
              validateInput: (v) => (v.trim() === '' ? 'Type a name' : undefined),
            });
      if (!name || name.trim() === p.name) return;
      await (await clientOf(deps)).api.updateProject({ params: { project: p.id }, body: { name: name.trim() } });
    }),
    registerCommand(deps, COMMANDS.setDefaultBranch, async (arg: unknown, branchArg?: unknown) => {
      const p = await resolveProject(deps, arg);
      if (!p) return;
      const branch = typeof branchArg === 'string' && branchArg.trim() ? branchArg.trim() : await pickBranch(deps, p);
      if (!branch || branch === p.defaultBranch) return;
      await (await clientOf(deps)).api.updateProject({ params: { project: p.id }, body: { defaultBranch: branch } });
      void vscode.window.setStatusBarMessage(`$(git-branch) New sessions of ${p.name} start from ${branch}`, 5_000);
    }),
    registerCommand(deps, COMMANDS.removeProject, async (arg: unknown, confirmArg?: unknown) => {
      const p = await resolveProject(deps, arg);
      if (!p) return undefined;
      const client = await clientOf(deps);
      const preview = await client.api.projectRemovalPreview({ params: { project: p.id } });
      // Tests pass `{ confirm: true, deleteBranches }` to skip the modal; people always see it.
      const preset = confirmArg as { confirm?: unknown; deleteBranches?: unknown } | undefined;
      const deleteBranches = preset?.confirm === true ? preset.deleteBranches === true : await confirmRemoval(preview);
      if (deleteBranches === undefined) return undefined;
      const res = await client.api.removeProject({ params: { project: p.id }, query: { deleteBranches: deleteBranches ? 'true' : 'false' } });
      void vscode.window.setStatusBarMessage(`$(trash) Removed project ${p.name} (${res.removed.sessions.length} sessions); the repository is untouched`, 5_000);
      return res;
    }),
  ];
}

/**
 * The folder argument (explorer context), else the open folder when the welcome view's "Add Open
 * Folder as Project" asks for it (`{ openFolder: true }`) and there is just one, else a pick of
 * the open folders not yet registered, with Browse… for a folder picker (straight to it when none).
 */
async function folderToAdd(deps: CommandDeps, arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  const open = vscode.workspace.workspaceFolders ?? [];
  if (typeof arg === 'object' && arg !== null && (arg as { openFolder?: unknown }).openFolder === true && open.length === 1) return open[0]!.uri.fsPath;
  const registered = new Set(deps.model.projects().map((p) => p.repoPath));
  const folders = open.filter((f) => !registered.has(f.uri.fsPath));
  if (folders.length > 0) {
    const browse = { label: '$(folder-opened) Browse…', path: '' };
    const picked = await vscode.window.showQuickPick([...folders.map((f) => ({ label: f.name, description: f.uri.fsPath, path: f.uri.fsPath })), browse], {
      title: 'Add Project',
      placeHolder: 'Which git repository should Switchboard work on?',
    });
    if (!picked) return undefined;
    if (picked.path) return picked.path;
  }
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Add Project', title: 'Add a git repository as a Switchboard project' });
  return chosen?.[0]?.fsPath;
}

async function pickBranch(deps: CommandDeps, p: Project): Promise<string | undefined> {
  const { branches } = await (await clientOf(deps)).api.listBranches({ params: { project: p.id } });
  const items = branches.map((b) => ({
    label: b.name,
    description: [b.isDefault ? 'default now' : '', b.current ? 'checked out' : '', b.commit.slice(0, 12)].filter(Boolean).join(' · '),
    picked: b.isDefault,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Default branch of ${p.name}`, placeHolder: 'New sessions start from this branch (existing ones keep theirs)' });
  return picked?.label;
}

/** The modal: "delete the branches too?" or undefined (cancelled, or refused while sessions are live). */
async function confirmRemoval(p: ProjectRemovalPreview): Promise<boolean | undefined> {
  const live = liveSessionsText(p);
  if (live !== null) {
    await vscode.window.showWarningMessage(`"${p.project.name}" cannot be removed yet`, { modal: true, detail: live });
    return undefined;
  }
  const keep = 'Remove, Keep Branches';
  const withBranches = 'Remove with Branches';
  const choice = await vscode.window.showWarningMessage(
    `Remove the project "${p.project.name}" from Switchboard?`,
    { modal: true, detail: removalDetail(p) },
    ...(p.branches.length > 0 ? [keep, withBranches] : [keep]),
  );
  if (choice === withBranches) return true;
  if (choice === keep) return false;
  return undefined;
}
