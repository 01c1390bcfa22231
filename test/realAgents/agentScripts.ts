// How each real agent's model spells the same moves (write a file, run a command), so one test
// body drives both agents. Tool names and input shapes are the ones each agent offers its model
// (read from the `tools` of its requests).
import fs from 'node:fs';
import path from 'node:path';
import type { RealAgentKind } from '../support/realAgents.js';
import { startAnthropicStandin } from '../support/modelStandins/anthropicStandin.js';
import { startOpenaiStandin } from '../support/modelStandins/openaiStandin.js';
import type { ModelStandin, ScenarioStep } from '../support/modelStandins/scenario.js';

export interface AgentScript {
  kind: RealAgentKind;
  /** Who the agent is, in test names. */
  label: string;
  startStandin(steps?: readonly ScenarioStep[]): Promise<ModelStandin>;
  /** Creates `file` (relative to the agent's working directory) with `content`. The agent asks permission first (unless set up with `neverAsk`). */
  writeFile(file: string, content: string, lead: { thinking: string; text: string }): ScenarioStep;
  /** Runs a shell command in the working directory. The agent asks permission for commands that write. */
  shell(command: string, why: string): ScenarioStep;
  /** How the agent ends a turn whose tool call the person refused. */
  refusalStops: 'end_turn' | 'cancelled';
  /** The model API answers this HTTP status with an error body in the vendor's own shape. */
  apiError(status: number, message: string): ScenarioStep;
  /** A tool result (as `ModelStandin.toolResults()` gives it) that tells the model its tool call failed or was refused. */
  failedResult: RegExp;
  /**
   * Sets the agent up to write files without asking anyone: the permissive setup a person may
   * choose, where only the sandbox stands between a write and the disk. `args` go on the template
   * (addStandinTemplate's extraSandboxedArgs); `home` runs on its HOME after it is registered.
   */
  neverAsk: { args: readonly string[]; home(agentHome: string): void };
}

const claude: AgentScript = {
  kind: 'claude',
  label: 'Claude Code (claude-agent-acp)',
  startStandin: (steps) => startAnthropicStandin(steps),
  // Claude Code resolves a relative file_path against its working directory.
  writeFile: (file, content, lead) => ({ ...lead, tool: { name: 'Write', input: { file_path: file, content } } }),
  shell: (command, why) => ({ tool: { name: 'Bash', input: { command, description: why } } }),
  // It reports the refusal to the model as the tool's result and goes on.
  refusalStops: 'end_turn',
  apiError: (status, message) => ({ error: { status, body: { type: 'error', error: { type: 'invalid_request_error', message } } } }),
  // Its tool_result carries is_error, which the stand-in shows as this prefix.
  failedResult: /^\[error\] /,
  // Allow rules in its user settings: no permission request for these tools, on any path.
  neverAsk: {
    args: [],
    home: (agentHome) => {
      fs.mkdirSync(path.join(agentHome, '.claude'), { recursive: true });
      fs.writeFileSync(path.join(agentHome, '.claude', 'settings.json'), JSON.stringify({ permissions: { allow: ['Write', 'Edit', 'Bash'] } }, null, 2));
    },
  },
};

const codex: AgentScript = {
  kind: 'codex',
  label: 'Codex (codex-acp)',
  startStandin: (steps) => startOpenaiStandin(steps),
  writeFile: (file, content, lead) => {
    const added = content.replace(/\n$/, '').split('\n').map((line) => `+${line}\n`).join('');
    return { ...lead, tool: { name: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${file}\n${added}*** End Patch\n` } };
  },
  // Inside our sandbox Codex runs with its own sandbox off and approval policy "untrusted"
  // (the built-in template's sandboxedArgs): a command off its known-safe list asks first.
  shell: (command, why) => ({ tool: { name: 'exec_command', input: { cmd: command, justification: why } } }),
  // Its reject option is "abort": the turn ends at once, and the next prompt tells the model.
  refusalStops: 'cancelled',
  apiError: (status, message) => ({ error: { status, body: { error: { type: 'invalid_request_error', code: null, param: null, message } } } }),
  // No error flag in the Responses API: the output says the exit code, or that the call was aborted.
  failedResult: /(?:Process exited with code|Exit code:) [1-9]|^aborted\b/m,
  // No approvals: the built-in template's sandboxedArgs already turn Codex's own sandbox off inside
  // ours (docs/isolation.md); a later -c overrides their approval policy.
  neverAsk: { args: ['-c', 'approval_policy="never"'], home: () => undefined },
};

export const AGENT_SCRIPTS: readonly AgentScript[] = [claude, codex];
