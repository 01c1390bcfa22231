// The agent templates that ship with Switchboard. Data only: the sessions layer stores them and
// probes availability with findCommand. Command lines are the ones measured in acp-notes.md.
import type { AgentTemplate, Spawn } from '../protocol/entities.js';

export type BuiltinTemplate = Omit<AgentTemplate, 'id' | 'createdAt'>;

const local = { provider: 'local' } as const;

/** codex-acp's Codex config overrides for a session that Switchboard already confines. */
export const CODEX_SANDBOXED_ARGS = ['-c', 'sandbox_mode="danger-full-access"', '-c', 'approval_policy="untrusted"'];

/** An ACP agent a person installs from npm and Switchboard runs as a local process. */
interface NpmAgent {
  name: string;
  description: string;
  command: string;
  args: readonly string[];
  npmPackage: string;
  sandboxedArgs?: readonly string[];
}

const NPM_AGENTS: readonly NpmAgent[] = [
  {
    name: 'claude',
    description: 'Claude Code through the Zed ACP adapter.',
    command: 'claude-agent-acp',
    args: [],
    npmPackage: '@zed-industries/claude-agent-acp',
  },
  {
    name: 'codex',
    description: 'OpenAI Codex through the Zed ACP adapter.',
    command: 'codex-acp',
    args: [],
    npmPackage: '@zed-industries/codex-acp',
    // Codex sandboxes its own commands with bwrap, which cannot nest inside ours (a root daemon
    // drops CAP_SETFCAP, which a uid map of 0 needs): inside our walls it runs commands itself and
    // still asks before every command off its known-safe list and before every edit.
    sandboxedArgs: CODEX_SANDBOXED_ARGS,
  },
  { name: 'gemini', description: 'Google Gemini CLI in ACP mode.', command: 'gemini', args: ['--acp'], npmPackage: '@google/gemini-cli' },
  { name: 'copilot', description: 'GitHub Copilot CLI in ACP mode.', command: 'copilot', args: ['--acp'], npmPackage: '@github/copilot' },
  { name: 'qwen', description: 'Qwen Code in ACP mode.', command: 'qwen', args: ['--acp'], npmPackage: '@qwen-code/qwen-code' },
  { name: 'opencode', description: 'opencode in ACP mode.', command: 'opencode', args: ['acp'], npmPackage: 'opencode-ai' },
];

function npmAgentTemplate(agent: NpmAgent): BuiltinTemplate {
  const spawn: Spawn = { command: agent.command, args: [...agent.args], env: {} };
  if (agent.sandboxedArgs) spawn.sandboxedArgs = [...agent.sandboxedArgs];
  return { name: agent.name, description: agent.description, spawn, runtime: { ...local }, builtIn: true, npmPackage: agent.npmPackage };
}

/** `demoAgentPath`: absolute path of the bundled demo agent (dist/demo-agent.cjs). */
export function builtinTemplates(demoAgentPath: string): BuiltinTemplate[] {
  return [
    {
      name: 'demo',
      description: 'Deterministic demo agent: no network, no API key. Try "demo", "flood 1000", "slow 5 200".',
      // The daemon's own Node runs it, so it works wherever the daemon does.
      spawn: { command: process.execPath, args: [demoAgentPath], env: {} },
      runtime: { ...local },
      builtIn: true,
    },
    {
      name: 'demo-docker',
      description: 'The demo agent in a container of its own (image switchboard/agent, no network). Build the image first: `switchboard images build`.',
      // `node` of the image; the bundle is mounted read-only at its host path into every container.
      spawn: { command: 'node', args: [demoAgentPath], env: {} },
      runtime: { provider: 'docker', image: 'switchboard/agent:latest', network: 'none' },
      builtIn: true,
    },
    ...NPM_AGENTS.map(npmAgentTemplate),
  ];
}
