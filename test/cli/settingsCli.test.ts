// The settings and slash-command commands of the CLI against the real daemon and the demo agent:
// `agents add --model/--option` as template defaults, `send --mode/--option`, `config` to show and
// change (the current value marked), `commands`, and usage mistakes that exit 2.
import assert from 'node:assert/strict';
import type { AgentTemplateView, Session } from '../../daemon/protocol/entities.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

describe('CLI: config, commands and the settings flags', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  let cli: CliRunner;

  before(async function () {
    daemon = await DaemonProcess.start();
    cli = new CliRunner(daemon.home);
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'dials' } });
  });
  after(async () => daemon?.stop());

  async function completed(id: string): Promise<void> {
    await until('the session to complete', async () => (await daemon.client.api.getSession({ params: { id } })).session.state === 'completed');
  }

  it('sends with template defaults under --mode/--option, shows them with config, changes them, and lists commands', async function () {
    const { agents } = await daemon.client.api.listAgents();
    const demo = agents.find((a) => a.name === 'demo')!;
    const added = await cli.json<{ agent: AgentTemplateView }>('agents', 'add', 'demo-dialed', '--command', demo.spawn.command, ...demo.spawn.args.map((a) => `--arg=${a}`), '--model', 'demo-smart');
    assert.deepEqual(added.agent.defaults, { model: 'demo-smart' });

    const { session } = await cli.json<{ session: Session }>('send', 'demo-dialed', 'implement', 'dials', '--prompt', 'settings', '--mode', 'plan', '--option', 'effort=high');
    assert.deepEqual(session.requestedSettings, { model: 'demo-smart', mode: 'plan', options: { effort: 'high' } });
    await completed(session.id);

    const shown = await cli.ok('config', session.shortId);
    assert.match(shown, /^model\s+model\s+demo-fast \*demo-smart$/m, shown);
    assert.match(shown, /^mode\s+mode\s+ask \*plan auto$/m);
    assert.match(shown, /^effort\s+thought_level\s+low \*high$/m);
    assert.match(shown, /^requested: model=demo-smart mode=plan effort=high$/m);

    const changed = await cli.ok('config', session.shortId, '--mode', 'auto', '--option', 'effort=low');
    assert.match(changed, /^mode=auto effort=low: applied now$/m);
    assert.match(changed, /^mode\s+mode\s+ask plan \*auto$/m);

    const commands = await cli.ok('commands', session.shortId);
    assert.match(commands, /^\/review\s+what to review\s+Review the changes in the working tree$/m, commands);
    assert.match(commands, /^\/summarize\s+-\s+/m);
  });

  it('exits 2 on a malformed --option and 1 naming the field on a value the agent does not offer', async function () {
    const bad = await cli.run('send', 'demo', 'implement', 'dials', '--prompt', 'x', '--option', 'effort');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /send: --option takes key=value, not "effort"/);

    const { session } = await cli.json<{ session: Session }>('send', 'demo', 'implement', 'dials', '--prompt', 'settings');
    await completed(session.id);
    const unknown = await cli.run('config', session.id, '--model', 'gpt-5');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /model: "gpt-5" is not one of the agent's Model values \(demo-fast, demo-smart\)/);
  });
});
