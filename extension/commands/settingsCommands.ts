// "Set Model…" and "Set Mode…": a quick pick of what the session's agent offers (GET …/config),
// the choice sent as PATCH …/config. The daemon checks it against the offer (a 400 names what
// it does not know) and says when it applies: now, at the next prompt, or when the agent starts.
import * as vscode from 'vscode';
import type { SessionConfig } from '../../daemon/protocol/agentFeatureRoutes.js';
import type { Session } from '../../daemon/protocol/entities.js';
import type { ConfigOption } from '../../daemon/protocol/settingsEntities.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { clientOf, registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { resolveSession } from './pickers.js';

type Category = 'model' | 'mode';

const WHEN: Record<'now' | 'next_prompt' | 'next_start', string> = {
  now: 'now',
  next_prompt: 'at the next prompt',
  next_start: 'when the agent next starts',
};

export function registerSettingsCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.setModel, (arg: unknown) => setSetting(deps, arg, 'model')),
    registerCommand(deps, COMMANDS.setMode, (arg: unknown) => setSetting(deps, arg, 'mode')),
  ];
}

async function setSetting(deps: CommandDeps, arg: unknown, category: Category): Promise<void> {
  const session = await resolveSession(deps, arg, 'followup', `Set the ${category} of which session?`);
  if (!session) return;
  const client = await clientOf(deps);
  const config = await client.api.getSessionConfig({ params: { id: session.id } });
  const option = config.options.find((o) => o.category === category && o.type === 'select');
  if (!option) {
    void vscode.window.showInformationMessage(notOffered(session, config, category));
    return;
  }
  const value = await pickValue(option, session, category);
  if (value === undefined) return;
  const answer = await client.api.updateSessionConfig({ params: { id: session.id }, body: { [category]: value } });
  const name = option.values.find((v) => v.value === value)?.name ?? value;
  void vscode.window.showInformationMessage(`${sessionTitle(session)}: ${category} ${name}, applied ${WHEN[answer.applied]}.`);
}

function notOffered(session: Session, config: SessionConfig, category: Category): string {
  return config.options.length === 0
    ? `${session.agent} has not offered any settings yet: it does when it starts.`
    : `${session.agent} offers no ${category} to choose.`;
}

async function pickValue(option: ConfigOption, session: Session, category: Category): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    option.values.map((v) => ({
      label: v.name,
      description: v.value === option.currentValue ? `${v.value} · current` : v.value,
      detail: v.description ?? undefined,
      value: v.value,
    })),
    { placeHolder: `The ${category} of “${sessionTitle(session)}” (${session.agent})`, matchOnDescription: true },
  );
  return picked?.value;
}
