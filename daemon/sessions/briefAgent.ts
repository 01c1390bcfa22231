// An agent started for a moment outside any turn (a login's `authenticate`, a `logout`, listing
// its own sessions): its own HOME, read-only in the given directory, and confined like a session's
// agent would be there — a sandbox on the host when one can be had, said out loud when not.
import fs from 'node:fs';
import path from 'node:path';
import { AgentConnection, type AgentHost } from '../agents/agentConnection.js';
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import type { AgentTemplate } from '../protocol/entities.js';
import type { SandboxPolicy } from './sandboxPolicy.js';
import type { TemplateService } from './templateService.js';

/** Nothing happens outside a turn: nothing to ask, and what the agent says is not kept. */
const QUIET_HOST: AgentHost = {
  onEvent: () => undefined,
  requestPermission: () => Promise.resolve({ outcome: 'cancelled' }),
  onStderr: () => undefined,
};

export interface BriefAgentDeps {
  templates: TemplateService;
  /** The host runtime: a brief agent runs locally. */
  runtime: AgentRuntimeProvider;
  sandboxes: SandboxPolicy;
  agentHomesDir: string;
}

/** The template's agent HOME (made if missing), shared by its sessions, logins and listings. */
export async function agentHomeOf(agentHomesDir: string, template: AgentTemplate): Promise<string> {
  const home = path.join(agentHomesDir, template.name);
  await fs.promises.mkdir(home, { recursive: true, mode: 0o700 });
  return home;
}

/** Starts the agent read-only in `cwd`; the caller ends it. Throws AgentStartError, or `sandbox_unavailable`. */
export async function startBriefAgent(deps: BriefAgentDeps, template: AgentTemplate, cwd: string, requestTimeoutMs?: number): Promise<AgentConnection> {
  const home = await agentHomeOf(deps.agentHomesDir, template);
  const session = { cwd, worktreePath: null, branch: null, readOnly: true };
  const { runtime } = deps;
  const { sandbox, isolation } = await deps.sandboxes.decide({ template, session, repoPath: cwd, agentHome: home, runtime, searchPath: process.env.PATH });
  return AgentConnection.start(
    {
      runtime,
      command: template.spawn.command,
      args: isolation.kind === 'none' ? template.spawn.args : [...template.spawn.args, ...(template.spawn.sandboxedArgs ?? [])],
      env: deps.templates.launchEnv(template),
      home,
      cwd,
      readOnly: true,
      ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
      ...(sandbox ? { sandbox } : {}),
    },
    QUIET_HOST,
  );
}
