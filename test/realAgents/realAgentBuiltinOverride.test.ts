// The built-in `claude` template, overridden (not replaced) to reach a proxy: `agents add claude
// --env ANTHROPIC_BASE_URL=…` points the real claude-agent-acp at the Anthropic stand-in, the
// listing shows the override with its values redacted, and one real turn goes through the
// stand-in, so the launch env carried it. `agents reset claude` drops it again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AgentTemplateView } from '../../daemon/protocol/entities.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo } from '../support/daemonHarness.js';
import { startAnthropicStandin } from '../support/modelStandins/anthropicStandin.js';
import type { ModelStandin } from '../support/modelStandins/scenario.js';
import { claudeEnv, requireRealAgent } from '../support/realAgents.js';

describe('Claude Code (claude-agent-acp): the built-in template with an env override', function () {
  this.timeout(120_000);
  let standin: ModelStandin | undefined;
  let daemon: DaemonProcess | undefined;
  let repo: string | undefined;

  before(async function () {
    requireRealAgent(this, 'claude');
    standin = await startAnthropicStandin();
    daemon = await DaemonProcess.start();
    repo = makeRepo();
    await daemon.client.api.addProject({ body: { path: repo, slug: 'proxied' } });
  });

  after(async () => {
    await daemon?.stop();
    await standin?.close();
    if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('runs a turn through the overridden base URL, and lists the override redacted', async () => {
    const cli = new CliRunner(daemon!.home);
    const env = claudeEnv(standin!.url);
    const out = await cli.ok('agents', 'add', 'claude', ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]));
    assert.match(out, /built-in claude: overridden: env ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY/);

    const listing = await cli.ok('agents', 'list', '--json');
    assert.ok(!listing.includes(standin!.url) && !listing.includes(env.ANTHROPIC_API_KEY!), 'no override value in the listing');
    const claude = (JSON.parse(listing) as { agents: AgentTemplateView[] }).agents.find((a) => a.name === 'claude')!;
    assert.equal(claude.builtIn, true);
    assert.equal(claude.spawn.command, 'claude-agent-acp');
    assert.deepEqual(Object.values(claude.overrides?.env ?? {}), Object.keys(env).map(() => '***'));

    standin!.enqueue({ text: 'Hello through the proxy.' });
    const api = daemon!.client.api;
    const { session } = await api.createSession({ body: { project: 'proxied', agent: 'claude', action: 'implement', prompt: 'Say hello' } });
    const state = await daemon!.waitForState(session.id, ['completed', 'failed', 'waiting_for_user'], 100_000);
    const after = (await api.getSession({ params: { id: session.id } })).session;
    assert.equal(state, 'completed', after.stateDetail ?? '');
    assert.ok(standin!.requests.length > 0, 'the agent called the stand-in at the overridden base URL');
    assert.deepEqual(standin!.scriptErrors, []);

    assert.match(await cli.ok('agents', 'reset', 'claude'), /built-in claude is as shipped again: claude-agent-acp/);
    assert.deepEqual((await api.listAgents()).agents.find((a) => a.name === 'claude')?.spawn.env, {});
  });
});
