// How each real agent's model spells the same moves (write a file, run a command), so one test
// body drives both agents. Tool names and input shapes are the ones each agent offers its model
// (read from the `tools` of its requests).
import type { RealAgentKind } from '../support/realAgents.js';
import { startAnthropicStandin } from '../support/modelStandins/anthropicStandin.js';
import { startOpenaiStandin } from '../support/modelStandins/openaiStandin.js';
import type { ModelStandin, ScenarioStep } from '../support/modelStandins/scenario.js';

export interface AgentScript {
  kind: RealAgentKind;
  /** Who the agent is, in test names. */
  label: string;
  startStandin(steps?: readonly ScenarioStep[]): Promise<ModelStandin>;
  /** Creates `file` (relative to the agent's working directory) with `content`. The agent asks permission first. */
  writeFile(file: string, content: string, lead: { thinking: string; text: string }): ScenarioStep;
  /** Runs a shell command in the working directory. The agent asks permission for commands that write. */
  shell(command: string, why: string): ScenarioStep;
  /** How the agent ends a turn whose tool call the person refused. */
  refusalStops: 'end_turn' | 'cancelled';
  /** The model API answers this HTTP status with an error body in the vendor's own shape. */
  apiError(status: number, message: string): ScenarioStep;
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
};

const codex: AgentScript = {
  kind: 'codex',
  label: 'Codex (codex-acp)',
  startStandin: (steps) => startOpenaiStandin(steps),
  writeFile: (file, content, lead) => {
    const added = content.replace(/\n$/, '').split('\n').map((line) => `+${line}\n`).join('');
    return { ...lead, tool: { name: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${file}\n${added}*** End Patch\n` } };
  },
  // Escalated: Codex then asks (what these tests answer) and runs the command outside its own
  // sandbox, which needs bubblewrap and, in the default read-only mode, would refuse to write .git.
  shell: (command, why) => ({ tool: { name: 'exec_command', input: { cmd: command, sandbox_permissions: 'require_escalated', justification: why } } }),
  // Its reject option is "abort": the turn ends at once, and the next prompt tells the model.
  refusalStops: 'cancelled',
  apiError: (status, message) => ({ error: { status, body: { error: { type: 'invalid_request_error', code: null, param: null, message } } } }),
};

export const AGENT_SCRIPTS: readonly AgentScript[] = [claude, codex];
