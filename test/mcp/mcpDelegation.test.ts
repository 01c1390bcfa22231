// Delegation: a real Claude Code (claude-agent-acp) session whose project gives it `switchboard mcp`
// as an MCP server hands a subtask to the fleet. Its model, a scripted stand-in on 127.0.0.1,
// calls the `start_session` tool; Claude Code asks permission for that MCP call (answered here as
// a person would); the server, started by the agent inside its sandbox — where the state dir is
// hidden — reaches the daemon through the address in its environment, and the demo agent's child
// session runs in another project and completes there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { CLI_BUNDLE, DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';
import { startAnthropicStandin } from '../support/modelStandins/anthropicStandin.js';
import type { ModelStandin } from '../support/modelStandins/scenario.js';
import { addStandinTemplate, requireRealAgent } from '../support/realAgents.js';

const LEAD = 'lead';
const HELPER = 'helper';
/** Claude Code's name for a tool of an MCP server: mcp__<server>__<tool>. */
const START_TOOL = 'mcp__switchboard__start_session';
const CHILD_FILE = 'delegated.txt';
const CHILD_TEXT = 'written for the lead agent';

describe('delegation: a real Claude Code session starts a demo-agent session through switchboard mcp', function () {
  this.timeout(180_000);
  let standin: ModelStandin | undefined;
  let daemon: DaemonProcess | undefined;
  const repos: string[] = [];

  const api = () => daemon!.client.api;

  before(async function () {
    requireRealAgent(this, 'claude');
    standin = await startAnthropicStandin();
    daemon = await DaemonProcess.start();
    for (const slug of [LEAD, HELPER]) {
      const repo = makeRepo({ 'README.md': `# ${slug}\n` });
      repos.push(repo);
      await api().addProject({ body: { path: repo, slug } });
    }
    // The lead project's sessions get Switchboard itself as an MCP server. The agent's sandbox
    // hides the state dir (and so daemon.json): the daemon's address comes in the environment.
    // The sandbox's /tmp is its own, so a checkout of ours under /tmp (CI's clone) is invisible to
    // the agent: the server runs from a copy of the CLI bundle (self-contained) in the lead
    // project's checkout, which the sandbox shows read-only wherever it lives.
    const serverBundle = path.join(repos[0]!, '.switchboard-cli', 'cli.cjs');
    fs.mkdirSync(path.dirname(serverBundle), { recursive: true });
    fs.copyFileSync(CLI_BUNDLE, serverBundle);
    await api().updateProject({
      params: { project: LEAD },
      body: {
        mcpServers: [
          {
            type: 'stdio',
            name: 'switchboard',
            command: process.execPath,
            args: [serverBundle, 'mcp'],
            env: { SWITCHBOARD_DAEMON_PORT: String(daemon.discovery.port), SWITCHBOARD_DAEMON_TOKEN: daemon.discovery.token },
          },
        ],
      },
    });
  });

  after(async () => {
    await daemon?.stop();
    await standin?.close();
    if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
    for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
  });

  /** Waits for the lead session's turns to end, answering its permission requests as a person would; returns what was asked. */
  async function leadCompletes(leadId: string, turns: number): Promise<string[]> {
    const asked: string[] = [];
    await until(`the lead session to complete ${turns} turn(s)`, async () => {
      const d = await api().getSession({ params: { id: leadId } });
      const s: Session = d.session;
      if (s.state === 'failed' || s.state === 'stopped') {
        const tail = await api().logTail({ params: { id: leadId }, query: { lines: 60 } });
        throw new Error(`the lead session is ${s.state}: ${s.stateDetail ?? ''}\n${tail.lines.join('\n')}`);
      }
      for (const p of d.pendingPermissions) {
        const allow = p.options.find((o) => o.kind === 'allow_once');
        assert.ok(allow, `an allow_once option in ${JSON.stringify(p.options)}`);
        asked.push(JSON.stringify(p.toolCall));
        await api().answerPermission({ params: { id: leadId, requestId: p.id }, body: { optionId: allow.optionId } });
      }
      return s.state === 'completed' && d.turns.length === turns && d.turns.every((t) => t.state === 'done');
    }, 150_000);
    return asked;
  }

  it('the lead agent’s start_session call starts a child session that completes under its own project', async () => {
    const template = await addStandinTemplate(daemon!, 'claude', standin!);
    // Claude Code connects MCP servers in the background (its MCP clients start `pending`): a
    // prompt sent the moment the session starts could reach the model before `switchboard mcp` is
    // connected. The first turn gives it that moment; the delegation is the follow-up, as when a
    // person asks for it in a session already open.
    standin!.enqueue({ text: 'Ready.' });
    const { session: lead } = await api().createSession({ body: { project: LEAD, agent: template, action: 'implement', prompt: 'Say ready', permissionPolicy: 'ask' } });
    await leadCompletes(lead.id, 1);

    const subtask = { agent: 'demo', action: 'implement', project: HELPER, prompt: `write ${CHILD_FILE} ${CHILD_TEXT}`, permissionPolicy: 'allow-all' };
    standin!.enqueue({ tool: { name: START_TOOL, input: subtask }, text: 'Handing the file to the demo agent.' }, { text: 'The demo agent has it.' });
    const from = standin!.requests.length;
    await api().followup({ params: { id: lead.id }, body: { text: 'Get delegated.txt written by another agent' } });
    const asked = await leadCompletes(lead.id, 2);

    // Claude Code offered the tool, asked before calling it, and got the new session back.
    const main = standin!.requests.slice(from).filter((r) => r.role === 'main');
    const offered = JSON.stringify(main[0]?.body ?? {});
    assert.ok(offered.includes(START_TOOL), `the model is offered ${START_TOOL}`);
    assert.deepEqual(standin!.scriptErrors, []);
    assert.ok(asked.some((t) => /start_session/.test(t)), `a permission was asked for the MCP call: ${asked.join('\n')}`);
    const result = standin!.toolResults().find((r) => r.includes('"session"'));
    assert.ok(result, `the tool answered a session: ${standin!.toolResults().join('\n---\n')}`);

    // The child is a session of the helper project, by the demo agent, and it completes there.
    const { sessions } = await api().listSessions({ query: { project: HELPER } });
    assert.equal(sessions.length, 1, 'one session under the helper project');
    const child = sessions[0]!;
    assert.ok(result.includes(child.id), 'the tool result names the child session');
    assert.deepEqual([child.agent, child.action, child.permissionPolicy], ['demo', 'implement', 'allow-all']);
    await until('the child session to complete', async () => {
      const s = (await api().getSession({ params: { id: child.id } })).session;
      if (s.state === 'failed' || s.state === 'stopped') throw new Error(`the child session is ${s.state}: ${s.stateDetail ?? ''}`);
      return s.state === 'completed';
    }, 60_000);
    const done = (await api().getSession({ params: { id: child.id } })).session;
    assert.ok(done.worktreePath);
    assert.equal(fs.readFileSync(path.join(done.worktreePath, CHILD_FILE), 'utf8'), CHILD_TEXT);
    // Nothing of the subtask landed in the lead project.
    assert.deepEqual((await api().listSessions({ query: { project: LEAD } })).sessions.map((s) => s.id), [lead.id]);
  });
});
