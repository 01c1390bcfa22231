// An MCP server declared in a repository's `.mcp.json` reaches the real claude-agent-acp: the
// daemon puts it in `session/new` (seen on the ACP wire through a tap that copies what the daemon
// writes to the agent), Claude Code starts it inside the session's sandbox and offers its tool to
// the model (seen in the stand-in's requests), and the scripted model's call reaches the server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findCommand } from '../../daemon/agents/commandLookup.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { statePaths } from '../../daemon/system/stateDir.js';
import { DaemonProcess, ROOT, makeRepo, until } from '../support/daemonHarness.js';
import { startAnthropicStandin } from '../support/modelStandins/anthropicStandin.js';
import { isRecord, type ModelStandin } from '../support/modelStandins/scenario.js';
import { probeServerBundle } from '../support/mcpProbe/probeBundle.js';
import { claudeEnv, realAgent, requireRealAgent } from '../support/realAgents.js';

const TEMPLATE = 'claude-mcp-tap';
const SERVER = 'probe';
/** Claude Code's name for a tool of an MCP server: mcp__<server>__<tool>. */
const TOOL = `mcp__${SERVER}__switchboard_probe`;
const PROBE_SCRIPT = 'tools/switchboard-probe.cjs';
const NOTE = 'hello from the scripted model';

interface LoggedEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** The node_modules folder the agent's real file lives in (the sandbox must show it). */
function agentModulesRoot(commandPath: string): string {
  const real = fs.realpathSync(commandPath);
  const at = real.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return at >= 0 ? real.slice(0, at + '/node_modules'.length) : path.dirname(real);
}

/** The JSON-RPC messages the daemon wrote to the agent, in order. */
function tappedMessages(file: string): Array<{ method?: string; params?: Record<string, unknown> }> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { method?: string; params?: Record<string, unknown> });
}

function toolNames(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.tools)) return [];
  return body.tools.flatMap((t) => (isRecord(t) && typeof t.name === 'string' ? [t.name] : []));
}

describe('claude-agent-acp: an MCP server from the repository’s .mcp.json reaches the agent and the model', function () {
  this.timeout(150_000);
  let standin: ModelStandin | undefined;
  let daemon: DaemonProcess | undefined;
  let repo: string | undefined;
  let tapFile: string;

  const api = () => daemon!.client.api;

  before(async function () {
    requireRealAgent(this, 'claude');
    standin = await startAnthropicStandin();
    daemon = await DaemonProcess.start();
    repo = makeRepo({
      'README.md': '# mcp\n',
      [PROBE_SCRIPT]: await probeServerBundle(),
      // Claude Code's format; the path is relative to the session's worktree, where the agent starts it.
      '.mcp.json': JSON.stringify({ mcpServers: { [SERVER]: { command: 'node', args: [PROBE_SCRIPT] } } }, null, 2),
    });
    await api().addProject({ body: { path: repo, slug: 'mcp' } });
    // The real agent behind a tap that copies what the daemon writes to it; the tap file lives in
    // the template's HOME, which the sandbox keeps writable.
    const agentPath = findCommand(realAgent('claude').command, process.env.PATH ?? '');
    assert.ok(agentPath, 'claude-agent-acp is on PATH');
    tapFile = path.join(statePaths(daemon.home).agentHome(TEMPLATE), 'acp-tap.jsonl');
    await api().addAgent({
      body: {
        name: TEMPLATE,
        command: 'node',
        args: [path.join(ROOT, 'test', 'support', 'mcpProbe', 'acpTap.mjs'), agentModulesRoot(agentPath), agentPath],
        env: { ...claudeEnv(standin.url), SWITCHBOARD_TEST_ACP_TAP: tapFile },
      },
    });
  });

  after(async () => {
    await daemon?.stop();
    await standin?.close();
    if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('passes the server in session/new, the model is offered its tool, and the tool call reaches the server', async () => {
    standin!.enqueue({ tool: { name: TOOL, input: { note: NOTE } }, text: 'Probing the MCP server.' }, { text: 'The probe answered.' });
    const created = await api().createSession({
      body: { project: 'mcp', agent: TEMPLATE, action: 'implement', prompt: 'Call the probe tool', permissionPolicy: 'ask' },
    });
    let session: Session = created.session;
    await until('the turn to end', async () => {
      const d = await api().getSession({ params: { id: session.id } });
      session = d.session;
      if (session.state === 'failed' || session.state === 'stopped') throw new Error(`the session is ${session.state}: ${session.stateDetail ?? ''}`);
      const pending = d.pendingPermissions[0];
      const allow = pending?.options.find((o) => o.kind === 'allow_once');
      if (pending && allow) await api().answerPermission({ params: { id: session.id, requestId: pending.id }, body: { optionId: allow.optionId } });
      return session.state === 'completed';
    }, 120_000);

    // The daemon said which servers it passed: names and kinds only.
    const logs = (await api().listEvents({ query: { session: session.id, type: 'log', limit: 1000 } })).events as LoggedEvent[];
    const announced = logs.map((e) => String(e.payload.message)).find((m) => m.startsWith('MCP servers passed to the agent'));
    assert.equal(announced, `MCP servers passed to the agent: ${SERVER} (stdio)`);

    // On the ACP wire: session/new carried the server in ACP's stdio shape.
    const sessionNew = tappedMessages(tapFile).find((m) => m.method === 'session/new');
    assert.ok(sessionNew?.params, 'the tap saw session/new');
    assert.deepEqual(sessionNew.params.mcpServers, [{ name: SERVER, command: 'node', args: [PROBE_SCRIPT], env: [] }]);
    assert.equal(sessionNew.params.cwd, session.worktreePath);

    // Claude Code started the server in the sandbox and offered its tool to the model.
    const main = standin!.requests.filter((r) => r.role === 'main');
    assert.ok(main.length >= 2, `${main.length} main-loop request(s)`);
    assert.ok(toolNames(main[0]!.body).includes(TOOL), `the first request offers ${TOOL}: ${toolNames(main[0]!.body).join(', ')}`);
    assert.deepEqual(standin!.scriptErrors, []);

    // The model's call went through the agent to the server, which wrote it down in the worktree.
    assert.ok(standin!.toolResults().some((r) => r.includes(`switchboard_probe answered: ${NOTE}`)), standin!.toolResults().join('\n---\n'));
    const calls = fs.readFileSync(path.join(session.worktreePath!, 'mcp-probe-calls.log'), 'utf8');
    assert.match(calls, new RegExp(NOTE));
  });
});
