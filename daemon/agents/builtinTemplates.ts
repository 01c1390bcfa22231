// The agent templates that ship with Switchboard. Data only: the sessions layer stores them and
// probes availability with findCommand. Command lines are the ones measured in acp-notes.md.
import type { AgentTemplate } from '../protocol/entities.js';

export type BuiltinTemplate = Omit<AgentTemplate, 'id' | 'createdAt'>;

const local = { provider: 'local' } as const;

/** codex-acp's Codex config overrides for a session that Switchboard already confines. */
export const CODEX_SANDBOXED_ARGS = ['-c', 'sandbox_mode="danger-full-access"', '-c', 'approval_policy="untrusted"'];

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
    {
      name: 'claude',
      description: 'Claude Code through the Zed ACP adapter.',
      spawn: { command: 'claude-agent-acp', args: [], env: {} },
      runtime: { ...local },
      builtIn: true,
      npmPackage: '@zed-industries/claude-agent-acp',
    },
    {
      name: 'codex',
      description: 'OpenAI Codex through the Zed ACP adapter.',
      // Codex sandboxes its own commands with bwrap, which cannot nest inside ours (a root daemon
      // drops CAP_SETFCAP, which a uid map of 0 needs): inside our walls it runs commands itself and
      // still asks before every command off its known-safe list and before every edit.
      spawn: { command: 'codex-acp', args: [], env: {}, sandboxedArgs: CODEX_SANDBOXED_ARGS },
      runtime: { ...local },
      builtIn: true,
      npmPackage: '@zed-industries/codex-acp',
    },
    {
      name: 'gemini',
      description: 'Google Gemini CLI in ACP mode.',
      spawn: { command: 'gemini', args: ['--acp'], env: {} },
      runtime: { ...local },
      builtIn: true,
      npmPackage: '@google/gemini-cli',
    },
    {
      name: 'copilot',
      description: 'GitHub Copilot CLI in ACP mode.',
      spawn: { command: 'copilot', args: ['--acp'], env: {} },
      runtime: { ...local },
      builtIn: true,
      npmPackage: '@github/copilot',
    },
    {
      name: 'qwen',
      description: 'Qwen Code in ACP mode.',
      spawn: { command: 'qwen', args: ['--acp'], env: {} },
      runtime: { ...local },
      builtIn: true,
      npmPackage: '@qwen-code/qwen-code',
    },
    {
      name: 'opencode',
      description: 'opencode in ACP mode.',
      spawn: { command: 'opencode', args: ['acp'], env: {} },
      runtime: { ...local },
      builtIn: true,
      npmPackage: 'opencode-ai',
    },
  ];
}
