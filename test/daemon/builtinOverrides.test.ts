// Built-in templates take a person's overrides (env, extra args, another program) without being
// replaced: through the API and `agents add <built-in>` / `agents reset`, shown redacted, merged at
// launch (the demo built-in, overridden into an agent that needs a login, asks for one), kept
// across a daemon restart that refreshes the built-ins, and dropped again by a reset.
import assert from 'node:assert/strict';
import type { AgentTemplateView } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo } from '../support/daemonHarness.js';

describe('built-in template overrides', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  let cli: CliRunner;
  before(async () => {
    daemon = await DaemonProcess.start();
    cli = new CliRunner(daemon.home);
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'overrides' } });
  });
  after(async () => daemon?.stop());

  async function listed(name: string): Promise<AgentTemplateView> {
    const { agents } = await cli.json<{ agents: AgentTemplateView[] }>('agents', 'list');
    return agents.find((a) => a.name === name)!;
  }

  function refusal(code: string, field: string, message: RegExp) {
    return (err: unknown) => SwitchboardError.is(err) && err.code === code && err.field === field && message.test(err.message);
  }

  it('takes env and args on a built-in through the CLI, shows them redacted, and launches with them', async () => {
    const shipped = await listed('demo');
    const out = await cli.ok('agents', 'add', 'demo', '--env', 'DEMO_AGENT_REQUIRE_AUTH=1', '--env', 'DEMO_SECRETISH=hunter2-override', '--arg=--unused-flag');
    assert.match(out, /built-in demo: overridden: args --unused-flag; env DEMO_AGENT_REQUIRE_AUTH, DEMO_SECRETISH/);
    const view = await listed('demo');
    assert.equal(view.builtIn, true);
    assert.deepEqual(view.overrides, { args: ['--unused-flag'], env: { DEMO_AGENT_REQUIRE_AUTH: '***', DEMO_SECRETISH: '***' } });
    assert.deepEqual(view.spawn.args, [...shipped.spawn.args, '--unused-flag']);
    assert.deepEqual(view.spawn.env, { DEMO_AGENT_REQUIRE_AUTH: '***', DEMO_SECRETISH: '***' });
    assert.match(await cli.ok('agents', 'list'), /demo .*overridden: args --unused-flag; env DEMO_AGENT_RE/);
    assert.ok(!(await cli.ok('agents', 'list', '--json')).includes('hunter2-override'), 'no override value in a listing');

    // The launch env carries the override: the demo agent now plays one without credentials.
    const { session } = await daemon.client.api.createSession({ body: { project: 'overrides', agent: 'demo', action: 'implement', prompt: 'slow 1 1' } });
    await daemon.waitForState(session.id, ['waiting_for_user']);
    const waiting = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
    assert.equal(waiting.stateReason, 'auth_required');
    assert.equal(waiting.authMethods[0]?.terminalCommand?.at(-2), '--unused-flag', 'the agent was started with the extra argument');
  });

  it('keeps the overrides across a restart that refreshes the built-ins, and a reset drops them', async () => {
    await daemon.stop();
    daemon = await DaemonProcess.start({ home: daemon.home });
    assert.deepEqual((await listed('demo')).overrides?.env, { DEMO_AGENT_REQUIRE_AUTH: '***', DEMO_SECRETISH: '***' });
    assert.match(await cli.ok('agents', 'reset', 'demo'), /built-in demo is as shipped again/);
    const reset = await listed('demo');
    assert.equal(reset.overrides, undefined);
    assert.deepEqual(reset.spawn.env, {});
    const { session } = await daemon.client.api.createSession({ body: { project: 'overrides', agent: 'demo', action: 'implement', prompt: 'slow 1 1' } });
    await daemon.waitForState(session.id, ['completed']);
  });

  it('replaces the program of a built-in with --command, and refuses what a built-in cannot take', async () => {
    const { agent } = await daemon.client.api.addAgent({ body: { name: 'demo', command: process.execPath, args: ['--no-warnings'], env: {} } });
    assert.deepEqual(agent.overrides, { command: process.execPath, args: ['--no-warnings'] });
    assert.equal(agent.builtIn, true);
    await assert.rejects(
      daemon.client.api.addAgent({ body: { name: 'demo', command: 'x', args: [], env: {}, description: 'mine' } }),
      refusal('invalid_request', 'description', /built-in template: it takes overrides of command, args, env and defaults only/),
    );
    await assert.rejects(daemon.client.api.overrideAgent({ params: { name: 'nope' }, body: { args: ['x'] } }), refusal('not_found', 'agent', /no agent template "nope"/));
    await daemon.client.api.addAgent({ body: { name: 'mine', command: process.execPath, args: [], env: {} } });
    await assert.rejects(daemon.client.api.resetAgent({ params: { name: 'mine' } }), refusal('invalid_request', 'name', /not a built-in template/));
    await assert.rejects(
      daemon.client.api.overrideAgent({ params: { name: 'demo' }, body: { env: { 'BAD NAME': 'x' } } }),
      (err: unknown) => SwitchboardError.is(err) && err.code === 'invalid_request' && /env/.test(err.field ?? ''),
    );
    const usage = await cli.run('agents', 'add', 'demo', '--sandbox', 'none');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--command CMD is required for a new template \(a built-in takes only --arg, --env, --model, --mode and --option without it, not --sandbox\)/);
    await daemon.client.api.resetAgent({ params: { name: 'demo' } });
  });
});
