// "Start Session": project → agent → action → prompt, each remembered for next time, then the
// session is created and its chat opened. Agents that are not installed are listed too, with
// the daemon's install hint, because "why is Claude not in the list?" is the first question.
import * as vscode from 'vscode';
import type { Action, AgentTemplateView, Session } from '../../daemon/protocol/entities.js';
import { ACTIONS } from '../../daemon/protocol/entities.js';
import { runtimeLabel } from '../containers/containerPresentation.js';
import { readSettings } from '../settings.js';
import { clientOf, type CommandDeps } from './commandContext.js';
import { resolveProject } from './pickers.js';
import { preferFirst, startArgsFromArg } from './sessionArgs.js';

const LAST_AGENT_KEY = 'switchboard.lastAgent';
const LAST_ACTION_KEY = 'switchboard.lastAction';

const ACTION_DETAILS: Record<Action, string> = {
  analyze: 'Read-only, in your checkout: explain or investigate',
  review: 'Read-only, in your checkout: review the code or a change',
  plan: 'In its own worktree: write a plan, change nothing else',
  implement: 'In its own worktree and branch: make the change',
};

interface AgentPick extends vscode.QuickPickItem {
  agent: AgentTemplateView;
}

export async function startSession(deps: CommandDeps, arg: unknown): Promise<Session | undefined> {
  const given = startArgsFromArg(arg);
  const project = await resolveProject(deps, given.project ? { project: given.project } : arg);
  if (!project) return undefined;
  const client = await clientOf(deps);
  const settings = readSettings();

  let agent = given.agent;
  if (!agent) {
    const { agents } = await client.api.listAgents();
    const remembered = deps.context.globalState.get<string>(LAST_AGENT_KEY) ?? settings.defaultAgent;
    const ordered = preferFirst(
      [...agents].sort((a, b) => Number(b.available) - Number(a.available)),
      (a) => a.name,
      remembered,
    );
    const items: AgentPick[] = ordered.map((a) => ({
      label: a.available ? a.name : `$(warning) ${a.name}`,
      description: a.available ? a.description : `not installed${a.installHint ? ` — ${a.installHint}` : ''}`,
      // Where it runs (a local process, or `docker · <image>`): boxed or not is part of the choice.
      detail: a.available ? runtimeLabel(a.runtime) : `${runtimeLabel(a.runtime)} · ${a.description}`,
      agent: a,
    }));
    const picked = await vscode.window.showQuickPick(items, { placeHolder: `Agent for ${project.name}`, matchOnDescription: true });
    if (!picked) return undefined;
    if (!picked.agent.available) {
      await explainNotInstalled(picked.agent);
      return undefined;
    }
    agent = picked.agent.name;
  }
  void deps.context.globalState.update(LAST_AGENT_KEY, agent);

  let action = given.action;
  if (!action) {
    const last = deps.context.globalState.get<Action>(LAST_ACTION_KEY);
    const items = preferFirst(
      ACTIONS.map((a) => ({ label: a, detail: ACTION_DETAILS[a] })),
      (i) => i.label,
      last,
    );
    const picked = await vscode.window.showQuickPick(items, { placeHolder: `What should ${agent} do?` });
    if (!picked) return undefined;
    action = picked.label;
  }
  void deps.context.globalState.update(LAST_ACTION_KEY, action);

  let prompt = given.prompt;
  if (!prompt) {
    prompt = await vscode.window.showInputBox({
      title: `${agent} · ${action} · ${project.name}`,
      prompt: 'What should the agent do? (with the demo agent, any text runs its demo task)',
      placeHolder: 'Describe the task',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Say what the agent should do' : undefined),
    });
    if (!prompt) return undefined;
  }

  const { session } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Starting ${agent} on ${project.name}…` },
    () =>
      client.api.createSession({
        body: {
          project: project.id,
          agent,
          action,
          prompt,
          permissionPolicy: given.permissionPolicy ?? settings.defaultPermissionPolicy,
        },
      }),
  );
  deps.log.info(`started session ${session.shortId} (${agent} ${action} on ${project.slug})`);
  deps.reveal(session.id);
  deps.chat.open(session.id);
  return session;
}

async function explainNotInstalled(agent: AgentTemplateView): Promise<void> {
  const hint = agent.installHint ?? (agent.npmPackage ? `npm install -g ${agent.npmPackage}` : undefined);
  const copy = 'Copy Install Command';
  const choice = await vscode.window.showWarningMessage(
    `The ${agent.name} agent is not installed.${hint ? ` Install it with: ${hint}` : ''}`,
    ...(hint ? [copy] : []),
  );
  if (choice === copy && hint) await vscode.env.clipboard.writeText(hint);
}
