// Finding the session or project a command acts on: from its argument, else the focused chat
// panel, else a quick pick of the sessions for which the action is legal.
import * as vscode from 'vscode';
import type { Project, Session } from '../../daemon/protocol/entities.js';
import { loadedProjects } from '../model/projectsLoaded.js';
import { isLegal, type SessionAction } from '../model/sessionActions.js';
import { sessionDescription, sessionTitle } from '../model/sessionPresentation.js';
import { clientOf, type CommandDeps } from './commandContext.js';
import { findSession, pickCandidates, projectIdFromArg, sessionIdFromArg } from './sessionArgs.js';

interface SessionPick extends vscode.QuickPickItem {
  session: Session;
}

const NONE_LEFT: Record<SessionAction, string> = {
  followup: 'No session can take a follow-up right now.',
  cancel: 'No session has a turn running.',
  stop: 'No session can be stopped right now.',
  resume: 'No session is stopped, failed or waiting for a login.',
  archive: 'No session can be archived (only completed, failed or stopped ones).',
  delete: 'There is no session to delete.',
  chat: 'There is no session yet.',
  logs: 'There is no session yet.',
  answer: 'No session is waiting for a permission answer.',
  login: 'No session is waiting for a login.',
  worktree: 'No session has a worktree.',
  ports: 'No session holds ports (a project config with `ports` leases them at start).',
};

export async function resolveSession(deps: CommandDeps, arg: unknown, action: SessionAction, placeHolder: string): Promise<Session | undefined> {
  const id = sessionIdFromArg(arg);
  if (id) {
    const known = findSession(deps.model.allSessions(), id);
    if (known) return known;
    // Not in the tree yet (created a moment ago, or the tree is still loading): ask the daemon.
    const client = await clientOf(deps);
    return (await client.api.getSession({ params: { id } })).session;
  }
  const focused = deps.chat.focusedSessionId();
  const focusedSession = focused ? deps.model.session(focused) : undefined;
  if (focusedSession && isLegal(focusedSession, action)) return focusedSession;

  const candidates = pickCandidates(deps.model.allSessions(), action);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(NONE_LEFT[action]);
    return undefined;
  }
  const now = Date.now();
  const items: SessionPick[] = candidates.map((s) => ({
    label: sessionTitle(s),
    description: sessionDescription(s, now, { queuePosition: deps.model.queuePosition(s.id) }),
    detail: deps.model.project(s.projectId)?.name,
    session: s,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.session;
}

interface ProjectPick extends vscode.QuickPickItem {
  project: Project;
}

const LAST_PROJECT_KEY = 'switchboard.lastProject';

export async function resolveProject(deps: CommandDeps, arg: unknown): Promise<Project | undefined> {
  const wanted = projectIdFromArg(arg);
  if (wanted) {
    const hit = deps.model.projects().find((p) => p.id === wanted || p.slug === wanted);
    if (hit) return hit;
    const client = await clientOf(deps);
    return (await client.api.getProject({ params: { project: wanted } })).project;
  }
  // Right after the window opened the snapshot may not be in yet: empty is not "none registered".
  const projects = await loadedProjects({
    model: deps.model,
    daemonUp: () => clientOf(deps),
    showProgress: (title, done) => void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => done),
  });
  if (projects.length === 0) {
    const add = 'Add Project…';
    const choice = await vscode.window.showInformationMessage('No project is registered with Switchboard yet.', add);
    if (choice === add) await vscode.commands.executeCommand('switchboard.addProject');
    return undefined;
  }
  // The project of the open folder, else the last one used in this workspace, comes first.
  const folders = vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
  const last = deps.context.workspaceState.get<string>(LAST_PROJECT_KEY);
  const rank = (p: Project) => (folders.includes(p.repoPath) ? 0 : p.id === last ? 1 : 2);
  const sorted = [...projects].sort((a, b) => rank(a) - rank(b));
  if (sorted.length === 1) return remember(deps, sorted[0]!);
  const items: ProjectPick[] = sorted.map((p) => ({ label: p.name, description: p.slug, detail: p.repoPath, project: p }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Project', matchOnDetail: true });
  return picked ? remember(deps, picked.project) : undefined;
}

function remember(deps: CommandDeps, p: Project): Project {
  void deps.context.workspaceState.update(LAST_PROJECT_KEY, p.id);
  return p;
}
